import type { DeadlineRequest } from '@lib/contracts';
import { chineseDaysCalendar } from './chinese-days-source';
import { scheduleDeadline } from './deadline-schedule';
import { WorkingDayCalendar } from './working-day-calendar';

const { days, years } = chineseDaysCalendar();
const calendar = new WorkingDayCalendar(days, new Set(years));
const request = (period: DeadlineRequest['period'], start = '2026-02-12T02:00:00Z'): DeadlineRequest => ({
  start,
  period,
  dueSoonWorkingDays: 3,
  escalation: { reminder: 0, supervision_notice: 5, listed_supervision: 10 },
});

describe('scheduleDeadline', () => {
  it('turns a working-day period into due, due-soon and ladder instants around the Spring Festival', () => {
    // Thu 12 Feb 2026 → Fri 13, Sat 14 (调休), [15–23 Feb holiday], Tue 24.
    const s = scheduleDeadline(calendar, request({ days: 3, counting: 'working-days' }));
    expect(s).toMatchObject({ dueDate: '2026-02-24', dueAt: '2026-02-24T16:00:00.000Z', provisional: false });
    // Three working days up to and including the 24th: 13, 14 and 24 February → yellow from 00:00 on the 13th.
    expect(s.warnAt).toBe('2026-02-12T16:00:00.000Z');
    expect(s.ladder).toEqual([
      { step: 'reminder', at: '2026-02-24T16:00:00.000Z' },
      // Five working days after the 24th: 25, 26, 27, Sat 28 (调休), 2 March.
      { step: 'supervision_notice', at: '2026-03-02T16:00:00.000Z' },
      { step: 'listed_supervision', at: '2026-03-09T16:00:00.000Z' },
    ]);
    expect(s.basis.period).toEqual({ days: 3, counting: 'working-days' });
  });

  it('moves a fixed date that falls on a holiday to the next working day', () => {
    const s = scheduleDeadline(calendar, request({ until: '2026-10-03' }));
    expect(s.dueDate).toBe('2026-10-08'); // 国庆节 1–7 October 2026
    expect(s.dueAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it('keeps an exact instant exactly, and is yellow no later than it falls due', () => {
    const s = scheduleDeadline(calendar, { ...request({ at: '2026-03-04T03:30:00.000Z' }), dueSoonWorkingDays: 0 });
    expect(s).toMatchObject({ dueAt: '2026-03-04T03:30:00.000Z', dueDate: '2026-03-04' });
    expect(s.warnAt).toBe('2026-03-04T03:30:00.000Z');
    expect(s.ladder[0]).toEqual({ step: 'reminder', at: '2026-03-04T03:30:00.000Z' });
  });

  it('marks a deadline in a year without a loaded notice as provisional', () => {
    const last = Math.max(...years);
    const s = scheduleDeadline(calendar, request({ until: `${last + 1}-06-30` }));
    expect(s.provisional).toBe(true);
  });
});
