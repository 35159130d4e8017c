import type { CampaignEvent } from './campaign';

/**
 * The activity interface as workflows see it (through `proxyActivities`). The worker binds
 * the implementations from injectable classes; workflows import only this type.
 */
export interface CampaignActivities {
  projectCampaignEvent(event: CampaignEvent): Promise<void>;
}
