import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_log (
        stream      text        NOT NULL,
        seq         integer     NOT NULL CHECK (seq > 0),
        type        text        NOT NULL,
        data        jsonb       NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream, seq)
      )`);
    await q.query(`
      CREATE TABLE campaign (
        id          text        PRIMARY KEY,
        workflow_id text        NOT NULL UNIQUE,
        title       text        NOT NULL,
        level       text        NOT NULL CHECK (level IN ('province', 'city', 'county')),
        organiser   text        NOT NULL,
        legal_basis text,
        phase       text        NOT NULL,
        last_seq    integer     NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE campaign');
    await q.query('DROP TABLE event_log');
  }
}
