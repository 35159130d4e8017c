import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { asAdmin, signIn, type AuthHeader } from './auth';

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

/**
 * Create units (parents first) and people through the API as the administrators do it: the
 * system administrator registers units and people, the security administrator grants roles.
 * Every person is then signed in: the answer gives each one's `Authorization` header.
 */
export async function createOrganisation(
  api: NestExpressApplication,
  units: UnitSpec[],
  people: PersonSpec[],
): Promise<(personId: string) => AuthHeader> {
  const http = () => request(api.getHttpServer());
  const system = await asAdmin(api, 'system_admin');
  const security = await asAdmin(api, 'security_admin');
  for (const unit of units) await http().post('/org-units').set(system).send(unit).expect(201);
  for (const { roles, ...person } of people) {
    await http().post('/people').set(system).send(person).expect(201);
    await http()
      .put(`/people/${encodeURIComponent(person.id)}/roles`)
      .set(security)
      .send({ roles })
      .expect(200);
  }
  return signIn(
    api,
    people.map((p) => p.id),
  );
}
