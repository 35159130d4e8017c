import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Actor, Role, UnitKind } from '@lib/contracts';
import { OrgUnit, Person } from '@lib/database';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@lib/errors';

export interface NewUnit {
  id: string;
  name: string;
  kind: UnitKind;
  level?: 'province' | 'city' | 'county';
  parentId?: string;
}

export interface NewPerson {
  id: string;
  name: string;
  unitId: string;
  /** Granted later by the security administrator (`setRoles`) when the person comes through the API. */
  roles?: Role[];
}

/** Organisation units as a tree, and the people who act for them. */
@Injectable()
export class OrganisationService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async createUnit(unit: NewUnit): Promise<OrgUnit> {
    const units = this.dataSource.getRepository(OrgUnit);
    if (unit.parentId && !(await units.existsBy({ id: unit.parentId }))) {
      throw new ValidationError([{ field: 'parentId', code: 'UNKNOWN_UNIT', message: `no unit ${unit.parentId}` }]);
    }
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO org_unit (id, name, kind, level, parent_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [unit.id, unit.name, unit.kind, unit.level ?? null, unit.parentId ?? null],
    );
    if (inserted.length === 0) {
      throw new ConflictError('UNIT_EXISTS', `unit ${unit.id} already exists`, `单位已存在：${unit.id}`, 'id');
    }
    return units.findOneByOrFail({ id: unit.id });
  }

  async createPerson(person: NewPerson): Promise<Person> {
    const units = this.dataSource.getRepository(OrgUnit);
    if (!(await units.existsBy({ id: person.unitId }))) {
      throw new ValidationError([{ field: 'unitId', code: 'UNKNOWN_UNIT', message: `no unit ${person.unitId}` }]);
    }
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO person (id, name, unit_id, roles) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [person.id, person.name, person.unitId, person.roles ?? []],
    );
    if (inserted.length === 0) {
      throw new ConflictError('PERSON_EXISTS', `person ${person.id} already exists`, `人员已存在：${person.id}`, 'id');
    }
    return this.dataSource.getRepository(Person).findOneByOrFail({ id: person.id });
  }

  /** Grant exactly these roles; they apply from the person's next request. */
  async setRoles(personId: string, roles: Role[]): Promise<Person> {
    const people = this.dataSource.getRepository(Person);
    const { affected } = await people.update({ id: personId }, { roles: [...new Set(roles)] });
    if (!affected) throw new NotFoundError('Person', personId, '人员');
    return people.findOneByOrFail({ id: personId });
  }

  async getUnit(id: string): Promise<OrgUnit> {
    const unit = await this.dataSource.getRepository(OrgUnit).findOneBy({ id });
    if (!unit) throw new NotFoundError('Unit', id, '单位');
    return unit;
  }

  /** The units below `id`, one level down. */
  children(id: string): Promise<OrgUnit[]> {
    return this.dataSource.getRepository(OrgUnit).find({ where: { parentId: id }, order: { id: 'ASC' } });
  }

  /** Who is acting: taken from the person's record, never from what the caller claims. */
  async actor(personId: string): Promise<Actor> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ id: personId });
    if (!person) throw new NotFoundError('Person', personId, '人员');
    if (!person.active) {
      throw new DomainError('PERSON_INACTIVE', 403, `person ${personId} is disabled`, `人员已停用：${personId}`);
    }
    return { personId: person.id, unitId: person.unitId, roles: person.roles as Role[] };
  }

  /** Check that every unit named in `fields` exists and is of an allowed kind. */
  async requireUnits(fields: { field: string; id: string; kinds: UnitKind[] }[]): Promise<void> {
    const ids = [...new Set(fields.map((f) => f.id))];
    const found = await this.dataSource.getRepository(OrgUnit).findBy({ id: In(ids) });
    const byId = new Map(found.map((u) => [u.id, u]));
    const problems = fields.flatMap(({ field, id, kinds }) => {
      const unit = byId.get(id);
      if (!unit) return [{ field, code: 'UNKNOWN_UNIT', message: `${field}: no unit ${id}` }];
      if (!kinds.includes(unit.kind as UnitKind)) {
        return [
          { field, code: 'WRONG_UNIT_KIND', message: `${field}: ${id} is a ${unit.kind}, not a ${kinds.join(' or ')}` },
        ];
      }
      return [];
    });
    if (problems.length > 0) throw new ValidationError(problems);
  }
}
