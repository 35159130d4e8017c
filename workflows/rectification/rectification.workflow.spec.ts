import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import {
  acknowledgeUpdate,
  rectificationStateQuery,
  reportProgressUpdate,
  reviewPlanUpdate,
  submitCompletionUpdate,
  submitPlanUpdate,
  verifyCompletionUpdate,
  recordLookBackUpdate,
} from '@lib/contracts';
import { openDatabase, RectificationItemRecord } from '@lib/database';
import { testEnv } from '../../test/setup/test-env';
import { cast, eventTypes, itemInput, withRectificationWorker } from '../../test/support/rectification';
import { createTimeSkippingEnv } from '../../test/support/workflow-env';

describe('rectificationWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    [env, dataSource] = await Promise.all([createTimeSkippingEnv(), openDatabase(testEnv('databaseUrl'))]);
  });

  afterAll(async () => {
    await env?.teardown();
    await dataSource?.destroy();
  });

  it('carries an item from hand-off through acceptance to a confirmed look-back', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] });
      await item.executeUpdate(submitPlanUpdate, { args: [{ actor: c.handler, summary: '方案', measures: ['整改'] }] });
      await item.executeUpdate(reviewPlanUpdate, { args: [{ actor: c.staff, decision: 'approve' }] });
      await env.sleep('31 days');
      await item.executeUpdate(reportProgressUpdate, {
        args: [{ actor: c.coHandler, summary: '进展', percentComplete: 50 }],
      });
      await item.executeUpdate(submitCompletionUpdate, {
        args: [{ actor: c.handler, summary: '已完成', evidence: [{ name: '照片', uri: 'evidence://1' }] }],
      });
      await item.executeUpdate(verifyCompletionUpdate, { args: [{ actor: c.staff, decision: 'accept' }] });
      await env.sleep('200 days');
      expect((await item.query(rectificationStateQuery)).lookBackNotified).toBe(true);
      await item.executeUpdate(recordLookBackUpdate, {
        args: [{ actor: c.staff, outcome: 'confirmed', findings: '未反弹' }],
      });
      const final = await item.result();
      expect(final.status).toBe('confirmed');
    });
    expect(await eventTypes(dataSource, input.itemId)).toEqual([
      'item.assigned',
      'item.acknowledged',
      'plan.submitted',
      'plan.approved',
      'progress.report_overdue',
      'progress.reported',
      'completion.submitted',
      'item.closed',
      'look_back.due',
      'look_back.confirmed',
    ]);
    const row = await dataSource.getRepository(RectificationItemRecord).findOneByOrFail({ itemId: input.itemId });
    expect(row).toMatchObject({
      status: 'confirmed',
      round: 1,
      trafficLight: 'none',
      lastSeq: 10,
      districtId: 'jinshui',
    });
  });
});
