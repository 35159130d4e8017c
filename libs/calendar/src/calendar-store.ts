import type { DataSource } from 'typeorm';
import { WorkingDayCalendar, type CalendarDay, type DayKind } from './working-day-calendar';

/** The calendar as it stands in PostgreSQL (tables `calendar_day` and `calendar_year`). */
export async function loadWorkingDayCalendar(dataSource: DataSource): Promise<WorkingDayCalendar> {
  const [rows, years] = await Promise.all([
    dataSource.query<{ day: string; kind: DayKind; name: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_day`,
    ),
    dataSource.query<{ year: number }[]>('SELECT year FROM calendar_year'),
  ]);
  const days: CalendarDay[] = rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name }));
  return new WorkingDayCalendar(days, new Set(years.map((y) => y.year)));
}
