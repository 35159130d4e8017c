import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadWorkingDayCalendar, scheduleDeadline, type WorkingDayCalendar } from '@lib/calendar';
import type { DeadlineRequest, DeadlineSchedule, RectificationActivities, RectificationEvent } from '@lib/contracts';
import { recordEvents } from './projection';

/** How long a loaded calendar is trusted before it is read again (an administrator may edit it). */
const CALENDAR_TTL_MS = 60_000;

/** Activities of the rectification workflow: deadline arithmetic and the item's event log. */
@Injectable()
export class RectificationActivitiesService implements RectificationActivities {
  private calendar: { loaded: Promise<WorkingDayCalendar>; at: number } | undefined;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async scheduleDeadline(request: DeadlineRequest, reloadCalendar = false): Promise<DeadlineSchedule> {
    if (reloadCalendar) this.calendar = undefined;
    return scheduleDeadline(await this.workingDays(), request);
  }

  async recordRectificationEvents(events: RectificationEvent[]): Promise<void> {
    await recordEvents(this.dataSource.manager, events);
  }

  private workingDays(): Promise<WorkingDayCalendar> {
    const now = Date.now();
    if (!this.calendar || now - this.calendar.at > CALENDAR_TTL_MS) {
      const loaded = loadWorkingDayCalendar(this.dataSource);
      this.calendar = { loaded, at: now };
      void loaded.catch(() => (this.calendar = undefined));
    }
    return this.calendar.loaded;
  }
}
