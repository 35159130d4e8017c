import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The lists' own filters that get an index in list order (overdue first, then by deadline). */
const IN_LIST_ORDER = [
  { column: 'district_id', was: 'rectification_item_district', now: 'rectification_item_district_list' },
  { column: 'lead_department_id', was: 'rectification_item_department', now: 'rectification_item_department_list' },
] as const;

/**
 * A district's items, and the items a department leads, in list order, in place of the indexes
 * by district and state and by lead department and state: a district's or a department's list
 * over a campaign that is not its tree's root (a city under its province), and a department's
 * inbox, read one range instead of sorting every match. A state filter is still served, as a
 * condition on that range.
 */
export class ListOrderIndexes1765100000000 implements MigrationInterface {
  name = 'ListOrderIndexes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const { column, was, now } of IN_LIST_ORDER) {
      await q.query(`DROP INDEX ${was}`);
      await q.query(`CREATE INDEX ${now} ON rectification_item (${column}, urgency, due_at, item_id)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { column, was, now } of IN_LIST_ORDER) {
      await q.query(`DROP INDEX ${now}`);
      await q.query(`CREATE INDEX ${was} ON rectification_item (${column}, status)`);
    }
  }
}
