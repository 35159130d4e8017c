import type { CalendarDay } from './working-day-calendar';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Holiday name in Chinese from a `chinese-days` entry such as `Spring Festival,春节,4`. */
function holidayName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

/**
 * Every statutory holiday and make-up working day published by the State Council, as shipped
 * by the `chinese-days` package (2004 onwards), and the years it covers.
 */
export function chineseDaysCalendar(): { days: CalendarDay[]; years: number[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const days: CalendarDay[] = [
    ...Object.entries(data.holidays).map(([date, entry]) => ({
      date,
      kind: 'holiday' as const,
      name: holidayName(entry),
    })),
    ...Object.entries(data.workdays).map(([date, entry]) => ({
      date,
      kind: 'workday' as const,
      name: holidayName(entry),
    })),
  ];
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  return { days, years };
}
