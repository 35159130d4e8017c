import type { CampaignEvent } from './campaign';
import type { DeadlineRequest, DeadlineSchedule } from './deadlines';
import type { RectificationEvent } from './rectification';

/**
 * The activity interfaces as workflows see them (through `proxyActivities`). The worker binds
 * the implementations from injectable classes; workflows import only these types.
 */
export interface CampaignActivities {
  projectCampaignEvent(event: CampaignEvent): Promise<void>;
}

export interface RectificationActivities {
  /**
   * Compute a deadline and its warning and ladder instants from the working-day calendar;
   * `reloadCalendar` reads the calendar afresh instead of trusting the worker's cached copy.
   */
  scheduleDeadline(request: DeadlineRequest, reloadCalendar?: boolean): Promise<DeadlineSchedule>;
  /** Append events to the item's log, project them and write their notifications, in one transaction. */
  recordRectificationEvents(events: RectificationEvent[]): Promise<void>;
}
