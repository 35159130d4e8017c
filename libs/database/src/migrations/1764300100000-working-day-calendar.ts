import type { MigrationInterface, QueryRunner } from 'typeorm';
import { chineseDaysCalendar } from '@lib/calendar';

/**
 * The working-day calendar (ARCHITECTURE §6), seeded from the State Council notices shipped by
 * `chinese-days`. Administrators edit it later; `calendar_year` says which years are covered.
 */
export class WorkingDayCalendar1764300100000 implements MigrationInterface {
  name = 'WorkingDayCalendar1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_day (
        day        date        PRIMARY KEY,
        kind       text        NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name       text        NOT NULL,
        source     text        NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_year (
        year      integer     PRIMARY KEY,
        source    text        NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { days, years } = chineseDaysCalendar();
    await q.query(
      `INSERT INTO calendar_day (day, kind, name, source)
       SELECT d, k, n, 'chinese-days' FROM unnest($1::date[], $2::text[], $3::text[]) AS t(d, k, n)`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
    );
    await q.query(`INSERT INTO calendar_year (year, source) SELECT y, 'chinese-days' FROM unnest($1::int[]) AS t(y)`, [
      years,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_year');
    await q.query('DROP TABLE calendar_day');
  }
}
