import { CampaignRecord } from './campaign-record.entity';
import { EventLogEntry } from './event-log-entry.entity';
import { OrgUnit } from './org-unit.entity';
import { OutboxMessage } from './outbox-message.entity';
import { Person } from './person.entity';
import { RectificationItemRecord } from './rectification-item-record.entity';
import { RectificationRoundRecord } from './rectification-round-record.entity';

export {
  CampaignRecord,
  EventLogEntry,
  OrgUnit,
  OutboxMessage,
  Person,
  RectificationItemRecord,
  RectificationRoundRecord,
};
export const entities = [
  EventLogEntry,
  CampaignRecord,
  OrgUnit,
  Person,
  RectificationItemRecord,
  RectificationRoundRecord,
  OutboxMessage,
];
