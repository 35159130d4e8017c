import type { DeadlineRequest, DeadlineSchedule, EscalationStep } from '@lib/contracts';
import { addDays, assertLocalDate, endOfShanghaiDay, shanghaiDate, type LocalDate } from './local-date';
import type { WorkingDayCalendar } from './working-day-calendar';

const LADDER: EscalationStep[] = ['reminder', 'supervision_notice', 'listed_supervision'];

/**
 * Turn a step's period into the instants a workflow waits on: when it falls due, when it turns
 * yellow, and when each step of the escalation ladder fires.
 *
 * - `{ days, counting }` counts from `start` the civil-code way (see `WorkingDayCalendar.deadline`).
 * - `{ until }` ends at 24:00 of that date, or of the next working day if it is a rest day.
 * - `{ at }` ends at that instant exactly (urgent items).
 * - Due soon: from 00:00 of the day that leaves `dueSoonWorkingDays` working days, the due date
 *   included.
 * - Ladder step with offset n: n = 0 fires at the deadline; n > 0 fires at 24:00 of the n-th
 *   working day after the due date.
 */
export function scheduleDeadline(calendar: WorkingDayCalendar, request: DeadlineRequest): DeadlineSchedule {
  const { period } = request;
  let dueDate: LocalDate;
  let dueAt: Date;
  let provisional: boolean;
  if ('days' in period) {
    const deadline = calendar.deadline(new Date(request.start), period.days, period.counting);
    ({ dueDate, dueAt, provisional } = deadline);
  } else if ('until' in period) {
    dueDate = calendar.nextWorkingDay(assertLocalDate(period.until));
    dueAt = endOfShanghaiDay(dueDate);
    provisional = !calendar.coveredYears.has(Number(dueDate.slice(0, 4)));
  } else {
    dueAt = new Date(period.at);
    dueDate = shanghaiDate(new Date(dueAt.getTime() - 1));
    provisional = !calendar.coveredYears.has(Number(dueDate.slice(0, 4)));
  }

  const warnAt = new Date(Math.min(startOfWindow(calendar, dueDate, request.dueSoonWorkingDays), dueAt.getTime()));
  const ladder = LADDER.map((step) => {
    const offset = request.escalation[step];
    const at =
      offset === 0
        ? dueAt
        : calendar.deadline(new Date(endOfShanghaiDay(dueDate).getTime() - 1), offset, 'working-days').dueAt;
    return { step, at: new Date(Math.max(at.getTime(), dueAt.getTime())) };
  }).sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    dueAt: dueAt.toISOString(),
    dueDate,
    provisional,
    warnAt: warnAt.toISOString(),
    ladder: ladder.map(({ step, at }) => ({ step, at: at.toISOString() })),
    basis: request,
  };
}

/** 00:00 Asia/Shanghai of the day from which `workingDays` working days remain up to `dueDate`. */
function startOfWindow(calendar: WorkingDayCalendar, dueDate: LocalDate, workingDays: number): number {
  if (workingDays <= 0) return endOfShanghaiDay(dueDate).getTime();
  let day = dueDate;
  let counted = calendar.isWorkingDay(day) ? 1 : 0;
  while (counted < workingDays) {
    day = addDays(day, -1);
    if (calendar.isWorkingDay(day)) counted += 1;
  }
  return endOfShanghaiDay(addDays(day, -1)).getTime();
}
