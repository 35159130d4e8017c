import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who recorded each inspection activity and finding (the person, as the request named them).
 * Records made before this have none; the audit trail still says who made them.
 */
export class InspectionRecordedBy1765000000000 implements MigrationInterface {
  name = 'InspectionRecordedBy1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inspection_activity ADD COLUMN recorded_by text');
    await q.query('ALTER TABLE finding ADD COLUMN recorded_by text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE finding DROP COLUMN recorded_by');
    await q.query('ALTER TABLE inspection_activity DROP COLUMN recorded_by');
  }
}
