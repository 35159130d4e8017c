import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A district's items in list order (overdue first, then by deadline), in place of the index by
 * district and state: a district's dynamic list over a campaign that is not its tree's root
 * (a city under its province) reads one range of it instead of sorting all the district's items.
 * A state filter is still served, as a condition on that range.
 */
export class DistrictListIndex1765100000000 implements MigrationInterface {
  name = 'DistrictListIndex1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX rectification_item_district');
    await q.query(
      'CREATE INDEX rectification_item_district_list ON rectification_item (district_id, urgency, due_at, item_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX rectification_item_district_list');
    await q.query('CREATE INDEX rectification_item_district ON rectification_item (district_id, status)');
  }
}
