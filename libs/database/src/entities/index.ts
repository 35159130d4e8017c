import { AuditRecord } from './audit-record.entity';
import { CampaignRecord } from './campaign-record.entity';
import { CampaignTarget } from './campaign-target.entity';
import { ChecklistItem } from './checklist-item.entity';
import { EventLogEntry } from './event-log-entry.entity';
import { EvidenceFile } from './evidence-file.entity';
import { Finding, type Evidence } from './finding.entity';
import { InquiryQuestion } from './inquiry-question.entity';
import { InspectionActivity } from './inspection-activity.entity';
import { InspectionGroup } from './inspection-group.entity';
import { OrgUnit } from './org-unit.entity';
import { OutboxMessage } from './outbox-message.entity';
import { Person } from './person.entity';
import { QuestionnaireImport } from './questionnaire-import.entity';
import { QuestionnaireTally } from './questionnaire-tally.entity';
import { RectificationItemRecord } from './rectification-item-record.entity';
import { RectificationRoundRecord } from './rectification-round-record.entity';
import { TargetReport } from './target-report.entity';

export {
  AuditRecord,
  CampaignRecord,
  CampaignTarget,
  ChecklistItem,
  EventLogEntry,
  EvidenceFile,
  Finding,
  InquiryQuestion,
  InspectionActivity,
  InspectionGroup,
  OrgUnit,
  OutboxMessage,
  Person,
  QuestionnaireImport,
  QuestionnaireTally,
  RectificationItemRecord,
  RectificationRoundRecord,
  TargetReport,
  type Evidence,
};
export const entities = [
  EventLogEntry,
  CampaignRecord,
  OrgUnit,
  Person,
  RectificationItemRecord,
  RectificationRoundRecord,
  OutboxMessage,
  ChecklistItem,
  InspectionGroup,
  InspectionActivity,
  QuestionnaireTally,
  QuestionnaireImport,
  Finding,
  InquiryQuestion,
  CampaignTarget,
  TargetReport,
  AuditRecord,
  EvidenceFile,
];
