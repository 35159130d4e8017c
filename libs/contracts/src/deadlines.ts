/** How a period of days is counted: Chinese working days (工作日) or calendar days (自然日). */
export type DeadlineCounting = 'working-days' | 'calendar-days';

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDateString = string;

/**
 * How a deadline is set: a number of days counted from the step's start, a date (the period
 * ends at 24:00 Asia/Shanghai that day), or an exact instant (for urgent items: 急件).
 */
export type PeriodSpec = { days: number; counting: DeadlineCounting } | { until: LocalDateString } | { at: string };

/** The escalation ladder (催办 → 督办 → 挂牌督办), in increasing severity. */
export const ESCALATION_LEVELS = ['none', 'reminder', 'supervision_notice', 'listed_supervision'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export type EscalationStep = Exclude<EscalationLevel, 'none'>;

/** Due soon is yellow, overdue is red; `none` when nothing is due from the department. */
export type TrafficLight = 'none' | 'green' | 'yellow' | 'red';

/** Working days overdue at which each step of the ladder fires; 0 is the moment of the deadline. */
export type EscalationOffsets = Record<EscalationStep, number>;

/** What the deadline activity is asked: a period from a start, with the item's warning and ladder. */
export interface DeadlineRequest {
  start: string;
  period: PeriodSpec;
  dueSoonWorkingDays: number;
  escalation: EscalationOffsets;
}

/**
 * A deadline as instants, computed by an activity from the working-day calendar so that a
 * change to the calendar never changes a replay. The workflow waits on these instants.
 */
export interface DeadlineSchedule {
  /** The period ends at this instant (ISO 8601). */
  dueAt: string;
  /** The last day of the period, Asia/Shanghai. */
  dueDate: LocalDateString;
  /** True when the period reaches a year whose holiday notice is not loaded yet. */
  provisional: boolean;
  /** From this instant the deadline is due soon (yellow). */
  warnAt: string;
  /** When each escalation step fires, in ladder order. */
  ladder: { step: EscalationStep; at: string }[];
  /** What it was computed from, so it can be recomputed when the calendar changes. */
  basis: DeadlineRequest;
}

/** Whether a value is a well-formed period specification (used by validators). */
export function isPeriodSpec(value: unknown): value is PeriodSpec {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if ('days' in v) {
    return (
      Number.isInteger(v.days) &&
      (v.days as number) >= 1 &&
      (v.days as number) <= 3650 &&
      (v.counting === 'working-days' || v.counting === 'calendar-days')
    );
  }
  if ('until' in v) return typeof v.until === 'string' && isLocalDateString(v.until);
  if ('at' in v) return typeof v.at === 'string' && !Number.isNaN(Date.parse(v.at));
  return false;
}

export function isLocalDateString(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
