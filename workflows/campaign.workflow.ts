import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  campaignStateQuery,
  closeCampaignUpdate,
  type CampaignActivities,
  type CampaignEvent,
  type CampaignInput,
  type CampaignState,
} from '@lib/contracts';

const { projectCampaignEvent } = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A supervision campaign (监督项目). This first slice records the campaign and keeps it open
 * until it is closed; the phases of the campaign build on it.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignState> {
  const state: CampaignState = { campaignId: input.campaignId, phase: 'planning', lastSeq: 0 };
  let recorded = false;

  const record = async (type: CampaignEvent['type'], data: Record<string, unknown>): Promise<void> => {
    state.lastSeq += 1;
    await projectCampaignEvent({ campaignId: input.campaignId, seq: state.lastSeq, type, data });
  };

  setHandler(campaignStateQuery, () => state);
  setHandler(
    closeCampaignUpdate,
    async ({ reason }) => {
      state.phase = 'closed';
      await record('campaign.closed', { reason, at: new Date().toISOString() });
      return state;
    },
    {
      validator: ({ reason }) => {
        if (!recorded) {
          throw ApplicationFailure.nonRetryable('campaign is still being recorded', 'CAMPAIGN_NOT_READY');
        }
        if (state.phase === 'closed') {
          throw ApplicationFailure.nonRetryable('campaign is already closed', 'CAMPAIGN_CLOSED');
        }
        if (typeof reason !== 'string' || reason.trim() === '') {
          throw ApplicationFailure.nonRetryable('reason is required', 'FIELD_REQUIRED');
        }
      },
    },
  );

  await record('campaign.created', {
    title: input.title,
    level: input.level,
    organiser: input.organiser,
    legalBasis: input.legalBasis ?? null,
    at: new Date().toISOString(),
  });
  recorded = true;

  await condition(() => state.phase === 'closed');
  await condition(allHandlersFinished);
  return state;
}
