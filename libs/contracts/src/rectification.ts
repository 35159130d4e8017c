import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  DeadlineCounting,
  DeadlineSchedule,
  EscalationLevel,
  EscalationOffsets,
  EscalationStep,
  LocalDateString,
  PeriodSpec,
  TrafficLight,
} from './deadlines';
import type { Actor, Role } from './organisation';

export const RECTIFICATION_WORKFLOW_TYPE = 'rectificationWorkflow';

/** Workflow id from the item's business key: a retried hand-off cannot open it twice. */
export function rectificationWorkflowId(itemId: string): string {
  return `rectification/${itemId}`;
}

/**
 * States of a rectification item (整改事项), as drawn in docs/workflows.md. The last three
 * are final only in the sense that no department work is due; `closed` still waits for the
 * look-back audit (回头看).
 */
export const RECTIFICATION_STATUSES = [
  'assigned',
  'returned',
  'acknowledged',
  'plan_submitted',
  'plan_revision',
  'in_progress',
  'completion_submitted',
  'closed',
  'closed_not_feasible',
  'confirmed',
] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** The steps whose deadline runs against the department. */
export type DepartmentStep = 'acknowledge' | 'plan' | 'rectify';
/** The committee's own steps: reviewing a plan (审核整改方案) and verifying a completion (验收销号). */
export type CommitteeStep = 'review' | 'verify';
/** The step whose deadline is running, and so who is awaited. */
export type DeadlineStep = DepartmentStep | CommitteeStep;
export const DEPARTMENT_STEPS: readonly DeadlineStep[] = ['acknowledge', 'plan', 'rectify'];
export const COMMITTEE_STEPS: readonly DeadlineStep[] = ['review', 'verify'];

export function isCommitteeStep(step: DeadlineStep): step is CommitteeStep {
  return COMMITTEE_STEPS.includes(step);
}

/** Deadlines and reminders of an item, set at hand-off. */
export interface RectificationPolicy {
  /** 签收时限, counted from the hand-off. */
  acknowledgeWithin: PeriodSpec;
  /** 整改方案 due, counted from acknowledgement (and from the start of each later round). */
  planWithin: PeriodSpec;
  /** 整改时限 of the first round, counted from the hand-off. */
  rectifyWithin: PeriodSpec;
  /** 进度报送: a progress report is due this often while the work is in progress. */
  reportEvery: { days: number; counting: DeadlineCounting };
  /** The deadline turns yellow this many working days before it falls due. */
  dueSoonWorkingDays: number;
  escalation: EscalationOffsets;
  /** 回头看 falls due this long after the item is closed. */
  lookBackAfter: { days: number; counting: DeadlineCounting };
  /**
   * The committee reviews a submitted plan, and verifies a submitted completion, within this,
   * counted from the submission. Absent in items handed off before the committee's steps had
   * deadlines: those take the default.
   */
  reviewWithin?: PeriodSpec;
}

/** How long the committee has to review a plan or verify a completion, unless the policy says. */
export const DEFAULT_REVIEW_WITHIN: PeriodSpec = { days: 5, counting: 'working-days' };

export const DEFAULT_RECTIFICATION_POLICY: RectificationPolicy = {
  acknowledgeWithin: { days: 3, counting: 'working-days' },
  planWithin: { days: 10, counting: 'working-days' },
  rectifyWithin: { days: 60, counting: 'working-days' },
  reportEvery: { days: 30, counting: 'calendar-days' },
  dueSoonWorkingDays: 3,
  escalation: { reminder: 0, supervision_notice: 5, listed_supervision: 10 },
  lookBackAfter: { days: 180, counting: 'calendar-days' },
  reviewWithin: DEFAULT_REVIEW_WITHIN,
};

/** Where a problem came from: the campaign, checklist item and finding it cites. */
export interface ItemSource {
  campaignId?: string;
  /** The top campaign of a linked campaign tree, and the level of `campaignId`; set by hand-off. */
  rootCampaignId?: string;
  campaignLevel?: 'province' | 'city' | 'county';
  /** A commitment made at a special inquiry (专题询问) becomes an item too. */
  inquiryQuestionId?: string;
  checklistItemId?: string;
  findingId?: string;
}

export interface RectificationItemInput {
  /** Business key of the item, e.g. `zz-2024-elderly-care/P-017`. */
  itemId: string;
  title: string;
  description: string;
  /** Where the problem was seen (点位). */
  location?: string;
  source?: ItemSource;
  /** The committee that supervises the item and reviews its work. */
  committeeUnitId: string;
  /** 牵头单位 */
  leadDepartmentId: string;
  /** 配合单位 */
  coDepartmentIds: string[];
  /** The district (区县) where the problem lies, for roll-ups. */
  districtId?: string;
  policy: RectificationPolicy;
  /** When the problem list was handed off (交办日期); deadlines count from it. Defaults to the start. */
  assignedAt?: string;
  /**
   * Continue-as-new once history holds this many events; Temporal's own suggestion applies
   * regardless. Lowered in tests.
   */
  historyEventLimit?: number;
  /** State carried over by continue-as-new. */
  carried?: RectificationState;
}

export interface EvidenceRef {
  /** What the evidence shows. */
  name: string;
  /** Where it is stored (an evidence store key or a URL). */
  uri: string;
  sha256?: string;
}

export interface PlanRecord {
  summary: string;
  measures: string[];
  submittedBy: string;
  submittedAt: string;
  review?: { decision: 'approve' | 'revise'; comment?: string; by: string; at: string };
}

export interface ProgressReport {
  summary: string;
  percentComplete?: number;
  by: string;
  unitId: string;
  at: string;
}

export interface CompletionRecord {
  summary: string;
  evidence: EvidenceRef[];
  submittedBy: string;
  submittedAt: string;
}

export type RoundOutcome =
  | { kind: 'accepted'; by: string; at: string; comment?: string }
  | { kind: 'sent_back'; by: string; at: string; comment: string }
  | { kind: 'not_feasible'; by: string; at: string; reason: string; approvalRef: string }
  | { kind: 'confirmed'; by: string; at: string; findings: string }
  | { kind: 'relapsed'; by: string; at: string; findings: string };

/** One round of rectification: its own plans, reports, completion and outcome. */
export interface RoundRecord {
  round: number;
  startedAt: string;
  /** Why the round began: the hand-off, a send-back or a relapse found at look-back. */
  reason: 'hand_off' | 'sent_back' | 'relapsed';
  plans: PlanRecord[];
  reports: ProgressReport[];
  completions: CompletionRecord[];
  outcome?: RoundOutcome;
  lookBack?: RoundOutcome;
}

export interface ExtensionRequest {
  step: DepartmentStep;
  reason: string;
  proposedDueDate: LocalDateString;
  requestedBy: string;
  requestedAt: string;
  /** Who must decide next: the department leader, then the committee. */
  stage: 'department_leader' | 'committee';
  decisions: { stage: 'department_leader' | 'committee'; decision: 'approve' | 'reject'; by: string; at: string }[];
  outcome?: 'approved' | 'rejected' | 'lapsed';
}

/** A deadline the department is working against, with the ladder steps already fired. */
export interface ActiveDeadline extends DeadlineSchedule {
  step: DeadlineStep;
  warned: boolean;
  overdue: boolean;
  fired: EscalationStep[];
}

export interface RectificationState {
  itemId: string;
  title: string;
  status: RectificationStatus;
  round: number;
  committeeUnitId: string;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  districtId: string | null;
  campaignId: string | null;
  rootCampaignId: string | null;
  campaignLevel: string | null;
  assignedAt: string;
  /** The deadline running against the department now, if any. */
  deadline: ActiveDeadline | null;
  /** The round's rectification deadline (整改时限), running from the round's start. */
  rectifyDeadline: DeadlineSchedule | null;
  trafficLight: TrafficLight;
  escalationLevel: EscalationLevel;
  extensionCount: number;
  extensions: ExtensionRequest[];
  rounds: RoundRecord[];
  /** Hand-offs and returns: who had the item and why it moved. */
  assignments: { leadDepartmentId: string; coDepartmentIds: string[]; at: string; by: string; reason?: string }[];
  returns: { departmentId: string; reason: string; by: string; at: string }[];
  nextReportDueAt: string | null;
  missedReports: number;
  lookBackDueAt: string | null;
  lookBackNotified: boolean;
  closedAt: string | null;
  /** Sequence number of the last event appended to the item's log. */
  lastSeq: number;
  /** Runs of this workflow so far (continue-as-new keeps the count). */
  runs: number;
}

/** The row of the read model an event leaves behind (table `rectification_item`). */
export interface RectificationItemView {
  itemId: string;
  title: string;
  status: RectificationStatus;
  round: number;
  committeeUnitId: string;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  districtId: string | null;
  campaignId: string | null;
  rootCampaignId: string | null;
  campaignLevel: string | null;
  deadlineStep: DeadlineStep | null;
  dueAt: string | null;
  dueDate: string | null;
  deadlineProvisional: boolean;
  trafficLight: TrafficLight;
  escalationLevel: EscalationLevel;
  extensionCount: number;
  extensionPending: boolean;
  assignedAt: string;
  closedAt: string | null;
  lastSeq: number;
}

/** A notification written to the outbox in the event's transaction. */
export interface Notification {
  kind: string;
  recipientUnitId: string;
  recipientRole: Role;
  message: string;
}

export type RectificationEventType =
  | 'item.assigned'
  | 'item.acknowledged'
  | 'item.returned'
  | 'item.reassigned'
  | 'plan.submitted'
  | 'plan.approved'
  | 'plan.revision_requested'
  | 'progress.reported'
  | 'progress.report_overdue'
  | 'completion.submitted'
  | 'item.closed'
  | 'item.sent_back'
  | 'item.closed_not_feasible'
  | 'look_back.due'
  | 'look_back.confirmed'
  | 'look_back.relapsed'
  | 'extension.requested'
  | 'extension.approved_by_department'
  | 'extension.approved'
  | 'extension.rejected'
  | 'extension.lapsed'
  | 'deadline.due_soon'
  | 'deadline.overdue'
  | 'deadline.recomputed'
  | 'round.started'
  | `escalation.${EscalationStep}`;

/** One entry of an item's event log, with the read-model rows it leaves behind. */
export interface RectificationEvent {
  itemId: string;
  seq: number;
  type: RectificationEventType;
  at: string;
  actor: Actor | null;
  data: Record<string, unknown>;
  item: RectificationItemView;
  round: RoundRecord;
  notifications: Notification[];
}

// ── Messages ─────────────────────────────────────────────────────────────────────────────
interface Acting {
  actor: Actor;
}

export const rectificationStateQuery = defineQuery<RectificationState>('rectificationState');
// Actions answer with the item's row, not its whole state: every answer is kept in history,
// and a long-lived item's state (all rounds, plans and reports) would be copied into it each time.
/** The calendar was edited (a new year's notice loaded): recompute provisional deadlines. */
export const calendarChangedSignal = defineSignal('calendarChanged');

export const acknowledgeUpdate = defineUpdate<RectificationItemView, [Acting & { note?: string }]>('acknowledge');
export const returnItemUpdate = defineUpdate<RectificationItemView, [Acting & { reason: string }]>('returnItem');
export const reassignUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { leadDepartmentId: string; coDepartmentIds?: string[]; reason?: string }]
>('reassign');
export const submitPlanUpdate = defineUpdate<RectificationItemView, [Acting & { summary: string; measures: string[] }]>(
  'submitPlan',
);
export const reviewPlanUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { decision: 'approve' | 'revise'; comment?: string }]
>('reviewPlan');
export const reportProgressUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { summary: string; percentComplete?: number }]
>('reportProgress');
export const submitCompletionUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { summary: string; evidence: EvidenceRef[] }]
>('submitCompletion');
export const verifyCompletionUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { decision: 'accept' | 'send_back'; comment?: string; rectifyWithin?: PeriodSpec }]
>('verifyCompletion');
export const closeNotFeasibleUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { reason: string; approvalRef: string }]
>('closeNotFeasible');
export const requestExtensionUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { reason: string; proposedDueDate: LocalDateString }]
>('requestExtension');
export const decideExtensionUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { decision: 'approve' | 'reject'; comment?: string }]
>('decideExtension');
export const recordLookBackUpdate = defineUpdate<
  RectificationItemView,
  [Acting & { outcome: 'confirmed' | 'relapsed'; findings: string; rectifyWithin?: PeriodSpec }]
>('recordLookBack');

/** Every user action on an item, by the name the API uses. */
export const RECTIFICATION_ACTIONS = {
  acknowledge: acknowledgeUpdate,
  return: returnItemUpdate,
  reassign: reassignUpdate,
  'submit-plan': submitPlanUpdate,
  'review-plan': reviewPlanUpdate,
  'report-progress': reportProgressUpdate,
  'submit-completion': submitCompletionUpdate,
  'verify-completion': verifyCompletionUpdate,
  'close-not-feasible': closeNotFeasibleUpdate,
  'request-extension': requestExtensionUpdate,
  'decide-extension': decideExtensionUpdate,
  'record-look-back': recordLookBackUpdate,
} as const;
export type RectificationActionName = keyof typeof RECTIFICATION_ACTIONS;

/** The fields each action takes besides the actor, who is never taken from the request. */
export const RECTIFICATION_ACTION_FIELDS: Record<RectificationActionName, readonly string[]> = {
  acknowledge: ['note'],
  return: ['reason'],
  reassign: ['leadDepartmentId', 'coDepartmentIds', 'reason'],
  'submit-plan': ['summary', 'measures'],
  'review-plan': ['decision', 'comment'],
  'report-progress': ['summary', 'percentComplete'],
  'submit-completion': ['summary', 'evidence'],
  'verify-completion': ['decision', 'comment', 'rectifyWithin'],
  'close-not-feasible': ['reason', 'approvalRef'],
  'request-extension': ['reason', 'proposedDueDate'],
  'decide-extension': ['decision', 'comment'],
  'record-look-back': ['outcome', 'findings', 'rectifyWithin'],
};

/** Codes of refused actions on items and campaigns; the API maps them to HTTP statuses. */
export const ACTION_ERROR_CODES = {
  ROLE_NOT_ALLOWED: 403,
  UNIT_NOT_RESPONSIBLE: 403,
  INVALID_STATE: 409,
  ITEM_CLOSED: 409,
  EXTENSION_PENDING: 409,
  NO_EXTENSION_PENDING: 409,
  DEADLINE_PASSED: 409,
  FIELD_REQUIRED: 400,
  FIELD_INVALID: 400,
  CAMPAIGN_CLOSED: 409,
} as const;
export type ActionErrorCode = keyof typeof ACTION_ERROR_CODES;
