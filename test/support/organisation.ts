import type { App } from 'supertest/types';
import request from 'supertest';

export interface UnitSpec {
  id: string;
  name: string;
  kind: string;
  level?: string;
  parentId?: string;
}
export interface PersonSpec {
  id: string;
  name: string;
  unitId: string;
  roles: string[];
}

/** Create units (parents first) and people through the API, as an administrator would. */
export async function createOrganisation(server: App, units: UnitSpec[], people: PersonSpec[]): Promise<void> {
  for (const unit of units) await request(server).post('/org-units').send(unit).expect(201);
  for (const person of people) await request(server).post('/people').send(person).expect(201);
}
