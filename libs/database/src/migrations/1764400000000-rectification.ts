import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation units and people, the read model of rectification items and their rounds, and
 * the notification outbox.
 */
export class Rectification1764400000000 implements MigrationInterface {
  name = 'Rectification1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id          text        PRIMARY KEY,
        name        text        NOT NULL,
        kind        text        NOT NULL
                    CHECK (kind IN ('congress', 'committee', 'government', 'department', 'district', 'street', 'town')),
        level       text        CHECK (level IN ('province', 'city', 'county')),
        parent_id   text        REFERENCES org_unit (id),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX org_unit_parent ON org_unit (parent_id)');
    await q.query(`
      CREATE TABLE person (
        id          text        PRIMARY KEY,
        name        text        NOT NULL,
        unit_id     text        NOT NULL REFERENCES org_unit (id),
        roles       text[]      NOT NULL CHECK (roles <@ ARRAY['committee_staff', 'inspector', 'department_handler',
                                                       'department_leader', 'manager']::text[]),
        active      boolean     NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX person_unit ON person (unit_id)');

    // The read model is projected from the event log; it holds no foreign keys so that a
    // projection can always be applied and rebuilt.
    await q.query(`
      CREATE TABLE rectification_item (
        item_id              text        PRIMARY KEY,
        workflow_id          text        NOT NULL UNIQUE,
        title                text        NOT NULL,
        status               text        NOT NULL,
        round                integer     NOT NULL,
        committee_unit_id    text        NOT NULL,
        lead_department_id   text        NOT NULL,
        co_department_ids    text[]      NOT NULL,
        district_id          text,
        campaign_id          text,
        deadline_step        text,
        due_at               timestamptz,
        due_date             date,
        deadline_provisional boolean     NOT NULL,
        traffic_light        text        NOT NULL CHECK (traffic_light IN ('none', 'green', 'yellow', 'red')),
        escalation_level     text        NOT NULL
                             CHECK (escalation_level IN ('none', 'reminder', 'supervision_notice', 'listed_supervision')),
        extension_count      integer     NOT NULL,
        extension_pending    boolean     NOT NULL,
        assigned_at          timestamptz NOT NULL,
        closed_at            timestamptz,
        last_seq             integer     NOT NULL,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX rectification_item_department ON rectification_item (lead_department_id, status)');
    await q.query('CREATE INDEX rectification_item_co_departments ON rectification_item USING gin (co_department_ids)');
    await q.query('CREATE INDEX rectification_item_district ON rectification_item (district_id, status)');
    await q.query('CREATE INDEX rectification_item_campaign ON rectification_item (campaign_id, status)');
    await q.query(`CREATE INDEX rectification_item_due ON rectification_item (due_at) WHERE traffic_light <> 'none'`);
    await q.query(`
      CREATE TABLE rectification_round (
        item_id      text        NOT NULL,
        round        integer     NOT NULL,
        reason       text        NOT NULL,
        started_at   timestamptz NOT NULL,
        plans        jsonb       NOT NULL,
        reports      jsonb       NOT NULL,
        completions  jsonb       NOT NULL,
        outcome      jsonb,
        look_back    jsonb,
        last_seq     integer     NOT NULL,
        PRIMARY KEY (item_id, round)
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id                bigserial   PRIMARY KEY,
        stream            text        NOT NULL,
        seq               integer     NOT NULL,
        position          smallint    NOT NULL,
        kind              text        NOT NULL,
        recipient_unit_id text        NOT NULL,
        recipient_role    text        NOT NULL,
        message           text        NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        sent_at           timestamptz,
        UNIQUE (stream, seq, position)
      )`);
    await q.query('CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'rectification_round', 'rectification_item', 'person', 'org_unit']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
