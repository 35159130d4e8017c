import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploads between storing their object and recording their row. A row here is written before
 * the object is stored and removed in the transaction that records the evidence; one that
 * outlives its upload marks an object a crash left behind, which the sweep removes.
 */
export class EvidencePending1764900000000 implements MigrationInterface {
  name = 'EvidencePending1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_pending (
        storage_key text        PRIMARY KEY,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE evidence_pending');
  }
}
