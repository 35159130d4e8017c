/**
 * Calendar dates (`YYYY-MM-DD`) as the people's congresses count them: in Asia/Shanghai, which
 * has been UTC+8 all year round since 1991, so a fixed offset is exact.
 */
export type LocalDate = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function assertLocalDate(value: string): LocalDate {
  if (!DATE_PATTERN.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new RangeError(`not a calendar date: ${value}`);
  }
  return value;
}

/** The Asia/Shanghai date on which an instant falls. */
export function shanghaiDate(instant: Date): LocalDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 24:00 Asia/Shanghai at the end of `date`, as an instant. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS);
}
