import { chineseDaysCalendar } from './chinese-days-source';
import { WorkingDayCalendar } from './working-day-calendar';

const { days, years } = chineseDaysCalendar();
const calendar = new WorkingDayCalendar(days, new Set(years));
/** An instant given in Asia/Shanghai local time. */
const shanghai = (local: string): Date => new Date(`${local}+08:00`);

describe('WorkingDayCalendar', () => {
  it('knows the State Council notices from 2004 to the latest year shipped', () => {
    expect(years[0]).toBeLessThanOrEqual(2004);
    expect(years).toContain(2025);
    expect(calendar.isWorkingDay('2025-01-29')).toBe(false); // 春节
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true); // make-up Sunday
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay('2025-02-09')).toBe(false); // plain Sunday
    expect(calendar.isWorkingDay('2025-02-10')).toBe(true); // plain Monday
  });

  it('counts working days across the Spring Festival, using the make-up Sunday', () => {
    // Fri 24 Jan 2025 → Sun 26 (调休), Mon 27, [28 Jan – 4 Feb holiday], Wed 5, Thu 6, Fri 7.
    const due = calendar.deadline(shanghai('2025-01-24T10:00:00'), 5, 'working-days');
    expect(due.dueDate).toBe('2025-02-07');
    expect(due.dueAt.toISOString()).toBe('2025-02-07T16:00:00.000Z'); // 24:00 Asia/Shanghai
    expect(due.provisional).toBe(false);
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(calendar.deadline(shanghai('2025-02-07T09:00:00'), 1, 'working-days').dueDate).toBe('2025-02-08');
  });

  it('does not count the starting day, whatever the hour', () => {
    expect(calendar.deadline(shanghai('2025-03-03T23:59:00'), 1, 'working-days').dueDate).toBe('2025-03-04');
    // 16:30 UTC on 3 March is already 4 March in Shanghai.
    expect(calendar.deadline(new Date('2025-03-03T16:30:00Z'), 1, 'working-days').dueDate).toBe('2025-03-05');
  });

  it('moves a calendar-day period ending on a holiday to the next working day', () => {
    expect(calendar.deadline(shanghai('2025-01-20T10:00:00'), 10, 'calendar-days').dueDate).toBe('2025-02-05');
    expect(calendar.deadline(shanghai('2025-03-03T10:00:00'), 4, 'calendar-days').dueDate).toBe('2025-03-07');
    // Ends on Saturday 8 March → Monday 10 March.
    expect(calendar.deadline(shanghai('2025-03-03T10:00:00'), 5, 'calendar-days').dueDate).toBe('2025-03-10');
  });

  it('marks a period reaching past the last loaded notice as provisional', () => {
    const last = Math.max(...years);
    const due = calendar.deadline(shanghai(`${last}-12-20T10:00:00`), 30, 'working-days');
    expect(due.dueDate > `${last + 1}-01-01`).toBe(true);
    expect(due.provisional).toBe(true);
    expect(calendar.deadline(shanghai(`${last}-03-02T10:00:00`), 5, 'working-days').provisional).toBe(false);
  });

  it('refuses a period that is not a whole number of days', () => {
    expect(() => calendar.deadline(new Date(), 0, 'working-days')).toThrow(RangeError);
    expect(() => calendar.deadline(new Date(), 1.5, 'calendar-days')).toThrow(RangeError);
  });
});
