import type { CampaignEvent, CampaignInput, LinkedCampaignSpec } from './campaign';
import type { DeadlineRequest, DeadlineSchedule } from './deadlines';
import type { RectificationEvent } from './rectification';

/**
 * The activity interfaces as workflows see them (through `proxyActivities`). The worker binds
 * the implementations from injectable classes; workflows import only these types.
 */
export interface CampaignActivities {
  /** Append campaign events, project them into `campaign` and write their notifications. */
  recordCampaignEvents(events: CampaignEvent[]): Promise<void>;
  /**
   * Hand one batch of the campaign's listed findings to departments: start a rectification
   * item per finding (business id, so a repeat starts nothing) and mark the findings handed off.
   */
  handOffBatch(request: { campaignId: string; batchSize: number }): Promise<{
    started: number;
    existing: number;
    more: boolean;
  }>;
  /** Start the campaigns one level down (each once, by business id). */
  launchLinkedCampaigns(parent: CampaignInput, specs: LinkedCampaignSpec[]): Promise<string[]>;
  /** Choose the closed items the look-back re-inspects: all, or a reproducible sample. */
  selectForLookBack(request: { campaignId: string; sample?: number }): Promise<number>;
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
