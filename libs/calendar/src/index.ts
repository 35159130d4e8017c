export { type LocalDate, shanghaiDate, endOfShanghaiDay, addDays } from './local-date';
export { WorkingDayCalendar, type CalendarDay, type DayKind, type Deadline } from './working-day-calendar';
export { chineseDaysCalendar } from './chinese-days-source';
export { loadWorkingDayCalendar } from './calendar-store';
export { scheduleDeadline } from './deadline-schedule';
