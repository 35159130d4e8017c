import type { DataSource } from 'typeorm';
import { openDatabase } from '@lib/database';
import { testEnv } from '../../../test/setup/test-env';
import { loadWorkingDayCalendar } from './calendar-store';

/** The calendar seeded by migration into the run's real PostgreSQL. */
describe('loadWorkingDayCalendar', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDatabase(testEnv('databaseUrl'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('gives the same deadlines as the shipped notices', async () => {
    const calendar = await loadWorkingDayCalendar(dataSource);
    expect(calendar.coveredYears.has(2025)).toBe(true);
    const due = calendar.deadline(new Date('2025-01-24T10:00:00+08:00'), 5, 'working-days');
    expect(due.dueDate).toBe('2025-02-07');
  });

  it('follows an administrator edit of the table', async () => {
    await dataSource.query(
      `INSERT INTO calendar_day (day, kind, name, source) VALUES ('2031-05-06', 'holiday', '测试', 'test')`,
    );
    try {
      const calendar = await loadWorkingDayCalendar(dataSource);
      expect(calendar.isWorkingDay('2031-05-06')).toBe(false);
      expect(calendar.isWorkingDay('2031-05-07')).toBe(true);
    } finally {
      await dataSource.query(`DELETE FROM calendar_day WHERE source = 'test'`);
    }
  });
});
