import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Evidence files attached to rectification items; their content is in the evidence store. */
export class Evidence1764800000000 implements MigrationInterface {
  name = 'Evidence1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_file (
        id               text        PRIMARY KEY,
        item_id          text        NOT NULL,
        round            integer     CHECK (round > 0),
        name             text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        content_type     text        NOT NULL,
        size_bytes       bigint      NOT NULL CHECK (size_bytes > 0),
        sha256           text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key      text        NOT NULL UNIQUE,
        uploaded_by      text        NOT NULL,
        uploaded_at      timestamptz NOT NULL DEFAULT now(),
        idempotency_key  text
      )`);
    // A retried upload (same item, uploader and key) finds the first record; NULL keys never collide.
    await q.query(
      'CREATE UNIQUE INDEX evidence_file_idempotency ON evidence_file (item_id, uploaded_by, idempotency_key)',
    );
    await q.query('CREATE INDEX evidence_file_item ON evidence_file (item_id, uploaded_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE evidence_file');
  }
}
