export { InspectionAccess, type CampaignScope } from './inspection-access';
export { scopedId } from './ids';
export {
  ChecklistService,
  checklistItemId,
  type ChecklistEntry,
  type ChecklistInput,
  type ChecklistView,
} from './checklist.service';
export { InspectionGroupsService, GROUP_KINDS, type GroupKind, type GroupView, type NewGroup } from './groups.service';
export {
  InspectionActivitiesService,
  ACTIVITY_KINDS,
  type ActivityKind,
  type ActivityView,
  type NewActivity,
} from './activities.service';
export { QuestionnaireService, type AnswerBatch, type ImportResult, type Tallies } from './questionnaire.service';
export {
  FindingsService,
  FINDING_STATUSES,
  SEVERITIES,
  type FindingFilter,
  type FindingStatus,
  type FindingView,
  type Listing,
  type NewFinding,
  type Severity,
} from './findings.service';
export { InquiryService, type Answer, type NewQuestion } from './inquiry.service';
export { TargetsService, type TargetDefinition, type TargetView, type LevelTotal } from './targets.service';

import { InspectionActivitiesService } from './activities.service';
import { ChecklistService } from './checklist.service';
import { FindingsService } from './findings.service';
import { InspectionGroupsService } from './groups.service';
import { InquiryService } from './inquiry.service';
import { InspectionAccess } from './inspection-access';
import { QuestionnaireService } from './questionnaire.service';
import { TargetsService } from './targets.service';

/** The library's services, for a module to provide (with OrganisationService and RectificationService). */
export const INSPECTION_SERVICES = [
  InspectionAccess,
  ChecklistService,
  InspectionGroupsService,
  InspectionActivitiesService,
  QuestionnaireService,
  FindingsService,
  InquiryService,
  TargetsService,
];
