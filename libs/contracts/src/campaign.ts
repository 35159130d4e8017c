import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Supervision levels of a campaign (三级联动: province → city → county). */
export const CAMPAIGN_LEVELS = ['province', 'city', 'county'] as const;
export type CampaignLevel = (typeof CAMPAIGN_LEVELS)[number];

/** Phases of a campaign (监督项目), in order. */
export const CAMPAIGN_PHASES = ['planning', 'closed'] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

/** Workflow id from the campaign's business key: a retried start cannot create a second run. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign/${campaignId}`;
}

export interface CampaignInput {
  /** Business key, e.g. `zz-2024-elderly-care`. */
  campaignId: string;
  title: string;
  level: CampaignLevel;
  /** Organising committee (组织单位), free text until organisation units exist. */
  organiser: string;
  /** Legal basis (法律依据), e.g. 《河南省养老服务条例》. */
  legalBasis?: string;
}

export interface CampaignState {
  campaignId: string;
  phase: CampaignPhase;
  /** Sequence number of the last event appended to the campaign's log. */
  lastSeq: number;
}

/** One entry of a campaign's event log, projected into the read model by an activity. */
export interface CampaignEvent {
  campaignId: string;
  seq: number;
  type: 'campaign.created' | 'campaign.closed';
  data: Record<string, unknown>;
}

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
export const closeCampaignUpdate = defineUpdate<CampaignState, [{ reason: string }]>('closeCampaign');
