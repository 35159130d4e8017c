import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { CAMPAIGN_WORKFLOW_TYPE, campaignWorkflowId, type CampaignInput } from '@lib/contracts';
import { CampaignRecord } from '@lib/database';
import { ConflictError, NotFoundError } from '@lib/errors';
import { startOnce } from '@lib/temporal';

/** Committee-side use cases of campaigns: launch one, read it back from the read model. */
@Injectable()
export class CampaignsService {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Start the campaign's workflow under its business key. A second launch of the same key is
   * refused, whether the first is still running or long closed.
   */
  async launch(input: CampaignInput): Promise<{ campaignId: string; workflowId: string; runId: string }> {
    const workflowId = campaignWorkflowId(input.campaignId);
    const handle = await startOnce(
      this.temporal,
      { workflowType: CAMPAIGN_WORKFLOW_TYPE, workflowId, taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input] },
      () =>
        new ConflictError(
          'CAMPAIGN_EXISTS',
          `campaign ${input.campaignId} already exists`,
          `监督项目已存在：${input.campaignId}`,
          'campaignId',
        ),
    );
    return { campaignId: input.campaignId, workflowId, runId: handle.firstExecutionRunId };
  }

  async get(campaignId: string): Promise<CampaignRecord> {
    const found = await this.dataSource.getRepository(CampaignRecord).findOneBy({ id: campaignId });
    if (!found) throw new NotFoundError('Campaign', campaignId, '监督项目');
    return found;
  }
}
