import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DeadlineSchedule, PeriodSpec, TrafficLight } from './deadlines';
import type { Actor } from './organisation';

/** Supervision levels of a campaign (三级联动: province → city → county). */
export const CAMPAIGN_LEVELS = ['province', 'city', 'county'] as const;
export type CampaignLevel = (typeof CAMPAIGN_LEVELS)[number];

/** The level a linked campaign launched from `level` runs at, if any. */
export function levelBelow(level: CampaignLevel): CampaignLevel | null {
  const i = CAMPAIGN_LEVELS.indexOf(level);
  return CAMPAIGN_LEVELS[i + 1] ?? null;
}

/**
 * Phases of a campaign (监督项目), in order: plan and mobilisation (方案、动员), inspection
 * (听、查), hearing and special inquiry (审议、专题询问), rectification (整改), look-back (回头看),
 * report (报告), then closed.
 */
export const CAMPAIGN_PHASES = [
  'planning',
  'inspection',
  'inquiry',
  'rectification',
  'look_back',
  'report',
  'closed',
] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];
export type WorkingPhase = Exclude<CampaignPhase, 'closed'>;

/** When a phase is due to end, counted from the day it starts (or a date). */
export interface PhasePlan {
  phase: WorkingPhase;
  ends: PeriodSpec;
}

export const DEFAULT_PHASE_PLAN: PhasePlan[] = [
  { phase: 'planning', ends: { days: 15, counting: 'working-days' } },
  { phase: 'inspection', ends: { days: 40, counting: 'working-days' } },
  { phase: 'inquiry', ends: { days: 20, counting: 'working-days' } },
  { phase: 'rectification', ends: { days: 90, counting: 'working-days' } },
  { phase: 'look_back', ends: { days: 40, counting: 'working-days' } },
  { phase: 'report', ends: { days: 15, counting: 'working-days' } },
];

export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

/** Workflow id from the campaign's business key: a retried start cannot create a second run. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign/${campaignId}`;
}

export interface CampaignInput {
  /** Business key, e.g. `zz-2024-elderly-care`. */
  campaignId: string;
  /** The theme (主题), e.g. 积极应对人口老龄化 加快发展养老服务. */
  title: string;
  level: CampaignLevel;
  /** Name of the organising committee (组织单位), kept for reports. */
  organiser: string;
  /** The committee that runs the campaign and reviews its items. */
  committeeUnitId: string;
  /** The government or district whose work is supervised. */
  jurisdictionUnitId: string;
  /** Legal basis (法律依据), e.g. 《河南省养老服务条例》. */
  legalBasis?: string;
  /** Set on a linked campaign: the campaign one level up that launched it. */
  parentCampaignId?: string;
  /** The top of the linked tree (the campaign itself when it has no parent). */
  rootCampaignId: string;
  depth: number;
  phases: PhasePlan[];
  historyEventLimit?: number;
  /** Findings started per hand-off activity call (default 500); smaller in tests of the batch path. */
  handOffBatchSize?: number;
  carried?: CampaignState;
}

/** A campaign one level down, to be launched by its parent (联动监督). */
export interface LinkedCampaignSpec {
  campaignId: string;
  title?: string;
  organiser: string;
  committeeUnitId: string;
  jurisdictionUnitId: string;
}

export interface CampaignState {
  campaignId: string;
  phase: CampaignPhase;
  phaseStartedAt: string;
  /** When the current phase is due to end, with its warnings already given. */
  phaseDeadline: (DeadlineSchedule & { warned: boolean; overdue: boolean }) | null;
  /** The hand-off of the problem list (问题清单) to departments: batches run by an activity. */
  handOff: { running: boolean; requests: number; started: number; existing: number; finishedAt: string | null };
  /** Campaigns launched one level down. */
  linked: string[];
  lookBackSelected: number;
  closedReason: string | null;
  /** Sequence number of the last event appended to the campaign's log. */
  lastSeq: number;
  runs: number;
}

/** The row of table `campaign` an event leaves behind. */
export interface CampaignView {
  campaignId: string;
  title: string;
  level: CampaignLevel;
  organiser: string;
  legalBasis: string | null;
  committeeUnitId: string;
  jurisdictionUnitId: string;
  parentCampaignId: string | null;
  rootCampaignId: string;
  depth: number;
  phase: CampaignPhase;
  phaseDueAt: string | null;
  phaseDueDate: string | null;
  phaseLight: TrafficLight;
  phases: PhasePlan[];
  handedOff: number;
  lastSeq: number;
}

export type CampaignEventType =
  | 'campaign.created'
  | 'campaign.phase_started'
  | 'campaign.phase_due_soon'
  | 'campaign.phase_overdue'
  | 'campaign.hand_off_requested'
  | 'campaign.hand_off_finished'
  | 'campaign.linked_launched'
  | 'campaign.look_back_selected'
  | 'campaign.closed';

/** One entry of a campaign's event log, with the row it leaves behind. */
export interface CampaignEvent {
  campaignId: string;
  seq: number;
  type: CampaignEventType;
  at: string;
  actor: Actor | null;
  data: Record<string, unknown>;
  view: CampaignView;
  notifications: {
    kind: string;
    recipientUnitId: string;
    recipientRole: 'committee_staff' | 'manager';
    message: string;
  }[];
}

interface Acting {
  actor: Actor;
}

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
export const advancePhaseUpdate = defineUpdate<CampaignView, [Acting & { note?: string }]>('advancePhase');
export const handOffUpdate = defineUpdate<CampaignView, [Acting]>('handOff');
export const launchLinkedUpdate = defineUpdate<CampaignView, [Acting & { campaigns: LinkedCampaignSpec[] }]>(
  'launchLinked',
);
export const startLookBackUpdate = defineUpdate<CampaignView, [Acting & { sample?: number }]>('startLookBack');
export const closeCampaignUpdate = defineUpdate<CampaignView, [Acting & { reason: string }]>('closeCampaign');

/** Every committee action on a campaign, by the name the API uses. */
export const CAMPAIGN_ACTIONS = {
  'advance-phase': advancePhaseUpdate,
  'hand-off': handOffUpdate,
  'launch-linked': launchLinkedUpdate,
  'start-look-back': startLookBackUpdate,
  close: closeCampaignUpdate,
} as const;
export type CampaignActionName = keyof typeof CAMPAIGN_ACTIONS;

export const CAMPAIGN_ACTION_FIELDS: Record<CampaignActionName, readonly string[]> = {
  'advance-phase': ['note'],
  'hand-off': [],
  'launch-linked': ['campaigns'],
  'start-look-back': ['sample'],
  close: ['reason'],
};
