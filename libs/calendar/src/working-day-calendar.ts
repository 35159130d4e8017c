import type { DeadlineCounting } from '@lib/contracts';
import { addDays, assertLocalDate, endOfShanghaiDay, shanghaiDate, weekday, type LocalDate } from './local-date';

export type DayKind = 'holiday' | 'workday';

/** One entry of the State Council's notice: a statutory holiday or a make-up working day (调休). */
export interface CalendarDay {
  date: LocalDate;
  kind: DayKind;
  name: string;
}

export interface Deadline {
  /** The last day of the period, Asia/Shanghai. */
  dueDate: LocalDate;
  /** The instant the period ends: 24:00 Asia/Shanghai of `dueDate`. */
  dueAt: Date;
  /**
   * True when the period reaches past the last year whose holiday notice is loaded: the date
   * assumes no holidays there and is recomputed when the notice arrives.
   */
  provisional: boolean;
}

/**
 * The working-day calendar (工作日): weekends and statutory holidays (法定节假日) are rest days,
 * except make-up working days (调休) that fall on a weekend.
 */
export class WorkingDayCalendar {
  private readonly holidays = new Set<LocalDate>();
  private readonly workdays = new Set<LocalDate>();

  /** @param coveredYears years whose holiday notice is loaded */
  constructor(
    days: Iterable<CalendarDay>,
    readonly coveredYears: ReadonlySet<number>,
  ) {
    for (const day of days) (day.kind === 'holiday' ? this.holidays : this.workdays).add(assertLocalDate(day.date));
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** The first working day on or after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    let day = date;
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }

  /**
   * The end of a period of `count` days starting at `start`, counted the civil-code way
   * (《民法典》第二百零一条至第二百零三条): the starting day is not counted; a period whose
   * last day is a rest day ends on the next working day; the period ends at 24:00.
   */
  deadline(start: Date, count: number, counting: DeadlineCounting): Deadline {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`a period needs a whole number of days ≥ 1, not ${count}`);
    const first = shanghaiDate(start);
    let due: LocalDate;
    if (counting === 'calendar-days') {
      due = this.nextWorkingDay(addDays(first, count));
    } else {
      due = first;
      for (let counted = 0; counted < count;) {
        due = addDays(due, 1);
        if (this.isWorkingDay(due)) counted += 1;
      }
    }
    // Coverage is per year: the period is provisional if any year it reaches has no notice.
    let provisional = false;
    for (let year = Number(addDays(first, 1).slice(0, 4)); year <= Number(due.slice(0, 4)); year += 1) {
      if (!this.coveredYears.has(year)) provisional = true;
    }
    return { dueDate: due, dueAt: endOfShanghaiDay(due), provisional };
  }
}
