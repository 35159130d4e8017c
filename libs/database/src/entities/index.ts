import { CampaignRecord } from './campaign-record.entity';
import { EventLogEntry } from './event-log-entry.entity';

export { CampaignRecord, EventLogEntry };
export const entities = [EventLogEntry, CampaignRecord];
