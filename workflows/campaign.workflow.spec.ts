import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { type DataSource } from 'typeorm';
import { CampaignActivitiesService } from '@lib/campaigns';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  campaignStateQuery,
  campaignWorkflowId,
  closeCampaignUpdate,
  type CampaignInput,
} from '@lib/contracts';
import { CampaignRecord, openDatabase } from '@lib/database';
import { bindActivities } from '@lib/temporal';
import { testEnv } from '../test/setup/test-env';
import { createTimeSkippingEnv, workflowBundle } from '../test/support/workflow-env';

/** The campaign workflow on Temporal's time-skipping test server, with its real activities. */
describe('campaignWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    [env, dataSource] = await Promise.all([createTimeSkippingEnv(), openDatabase(testEnv('databaseUrl'))]);
  });

  afterAll(async () => {
    await env?.teardown();
    await dataSource?.destroy();
  });

  async function withWorker<T>(run: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `campaign-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: bindActivities(new CampaignActivitiesService(dataSource)),
    });
    return worker.runUntil(run(taskQueue));
  }

  const input = (campaignId: string): CampaignInput => ({
    campaignId,
    title: '养老服务联动监督',
    level: 'county',
    organiser: '中牟县人大常委会',
  });

  it('records the campaign, stays open for months, and closes on the update', async () => {
    const campaignId = `ts-${randomUUID().slice(0, 8)}`;
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue,
        args: [input(campaignId)],
      });
      await env.sleep('90 days');
      expect(await handle.query(campaignStateQuery)).toEqual({ campaignId, phase: 'planning', lastSeq: 1 });

      await expect(handle.executeUpdate(closeCampaignUpdate, { args: [{ reason: '' }] })).rejects.toMatchObject({
        cause: { type: 'FIELD_REQUIRED' },
      });
      const closed = await handle.executeUpdate(closeCampaignUpdate, { args: [{ reason: '报告已提交' }] });
      expect(closed).toEqual({ campaignId, phase: 'closed', lastSeq: 2 });
      await handle.result();
    });

    const row = await dataSource.getRepository(CampaignRecord).findOneByOrFail({ id: campaignId });
    expect(row).toMatchObject({ phase: 'closed', lastSeq: 2, level: 'county' });
    const log: { seq: number; type: string }[] = await dataSource.query(
      'SELECT seq, type FROM event_log WHERE stream = $1 ORDER BY seq',
      [campaignWorkflowId(campaignId)],
    );
    expect(log).toEqual([
      { seq: 1, type: 'campaign.created' },
      { seq: 2, type: 'campaign.closed' },
    ]);
  });
});
