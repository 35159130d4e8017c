import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { type DataSource } from 'typeorm';
import {
  advancePhaseUpdate,
  CAMPAIGN_WORKFLOW_TYPE,
  campaignStateQuery,
  campaignWorkflowId,
  closeCampaignUpdate,
  DEFAULT_PHASE_PLAN,
  handOffUpdate,
  launchLinkedUpdate,
  startLookBackUpdate,
  type Actor,
  type CampaignInput,
} from '@lib/contracts';
import { CampaignRecord, openDatabase } from '@lib/database';
import { testEnv } from '../../test/setup/test-env';
import { eventually } from '../../test/support/eventually';
import { seedProblemList } from '../../test/support/problem-list';
import { allActivities, keepHistory } from '../../test/support/rectification';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/workflow-env';

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
      activities: allActivities(env, dataSource, taskQueue),
    });
    return worker.runUntil(run(taskQueue));
  }

  const suffix = randomUUID().slice(0, 8);
  const staff: Actor = { personId: `staff-${suffix}`, unitId: `zm-committee-${suffix}`, roles: ['committee_staff'] };
  const input = (campaignId: string): CampaignInput => ({
    campaignId,
    title: '养老服务联动监督',
    level: 'county',
    organiser: '中牟县人大常委会',
    committeeUnitId: staff.unitId,
    jurisdictionUnitId: `zm-gov-${suffix}`,
    rootCampaignId: campaignId,
    depth: 0,
    phases: DEFAULT_PHASE_PLAN,
  });

  it('walks its phases, warning before and after each phase is due, and closes from the report phase', async () => {
    const campaignId = `ts-${randomUUID().slice(0, 8)}`;
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue,
        args: [input(campaignId)],
      });
      const planning = await eventually(async () => {
        const s = await handle.query(campaignStateQuery);
        expect(s.phaseDeadline).not.toBeNull();
        return s;
      });
      expect(planning.phase).toBe('planning');

      await env.sleep('60 days'); // past the planning phase's 15 working days
      expect((await handle.query(campaignStateQuery)).phaseDeadline).toMatchObject({ warned: true, overdue: true });
      const refused: [Promise<unknown>, string][] = [
        [handle.executeUpdate(closeCampaignUpdate, { args: [{ actor: staff, reason: '提前结束' }] }), 'INVALID_STATE'],
        [handle.executeUpdate(handOffUpdate, { args: [{ actor: staff }] }), 'INVALID_STATE'],
        [
          handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: { ...staff, roles: ['inspector'] } }] }),
          'ROLE_NOT_ALLOWED',
        ],
        [
          handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: { ...staff, unitId: 'another-committee' } }] }),
          'UNIT_NOT_RESPONSIBLE',
        ],
      ];
      for (const [promise, code] of refused) await expect(promise).rejects.toMatchObject({ cause: { type: code } });

      for (const phase of ['inspection', 'inquiry', 'rectification', 'look_back', 'report']) {
        const view = await handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: staff }] });
        expect(view).toMatchObject({ phase, phaseLight: 'green' });
      }
      await expect(handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: staff }] })).rejects.toMatchObject({
        cause: { type: 'INVALID_STATE' },
      });
      const closed = await handle.executeUpdate(closeCampaignUpdate, {
        args: [{ actor: staff, reason: '报告已提交' }],
      });
      expect(closed).toMatchObject({ phase: 'closed', phaseLight: 'none' });
      await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
      await keepHistory('phases-and-close', handle, 'campaign');
    });

    const row = await dataSource.getRepository(CampaignRecord).findOneByOrFail({ id: campaignId });
    expect(row).toMatchObject({ phase: 'closed', level: 'county', rootCampaignId: campaignId, depth: 0 });
    const log: { type: string }[] = await dataSource.query(
      'SELECT type FROM event_log WHERE stream = $1 ORDER BY seq',
      [campaignWorkflowId(campaignId)],
    );
    expect(log.map((l) => l.type)).toEqual([
      'campaign.created',
      'campaign.phase_started',
      'campaign.phase_due_soon',
      'campaign.phase_overdue',
      ...Array(5).fill('campaign.phase_started'),
      'campaign.closed',
    ]);
  });
  it('hands off its problem list in batches, launches linked campaigns and selects items for look-back', async () => {
    const campaignId = `ts-${randomUUID().slice(0, 8)}`;
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue,
        args: [{ ...input(campaignId), level: 'city' as const }],
      });
      await eventually(async () => expect((await handle.query(campaignStateQuery)).phaseDeadline).not.toBeNull());
      const linked = await handle.executeUpdate(launchLinkedUpdate, {
        args: [
          {
            actor: staff,
            campaigns: [
              {
                campaignId: `${campaignId}-a`,
                organiser: '甲县人大',
                committeeUnitId: 'a-npc',
                jurisdictionUnitId: 'a-gov',
              },
            ],
          },
        ],
      });
      expect(linked.phase).toBe('planning');
      expect((await handle.query(campaignStateQuery)).linked).toEqual([`${campaignId}-a`]);
      await handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: staff }] });
      await seedProblemList(
        dataSource,
        campaignId,
        Array.from({ length: 3 }, (_, i) => ({ id: `P${i}`, title: `问题${i}`, leadDepartmentId: 'civil' })),
      );
      await handle.executeUpdate(handOffUpdate, { args: [{ actor: staff }] });
      const handedOff = await eventually(async () => {
        const s = await handle.query(campaignStateQuery);
        expect(s.handOff).toMatchObject({ running: false, started: 3 });
        return s;
      });
      expect(handedOff.handOff.existing).toBe(0);
      for (let i = 0; i < 3; i += 1) await handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: staff }] });
      const lookBack = await handle.executeUpdate(startLookBackUpdate, { args: [{ actor: staff, sample: 2 }] });
      expect(lookBack.phase).toBe('look_back');
      expect((await handle.query(campaignStateQuery)).lookBackSelected).toBe(0); // nothing closed yet
      await keepHistory('hand-off-linked-look-back', handle, 'campaign');
      const child = env.client.workflow.getHandle(campaignWorkflowId(`${campaignId}-a`));
      expect((await child.query(campaignStateQuery)).phase).toBe('planning');
      // Left running, the items' timers would hold the time-skipping clock for later tests.
      const started: { item_id: string }[] = await dataSource.query(
        'SELECT item_id FROM finding WHERE campaign_id = $1',
        [campaignId],
      );
      const items = started.map((f) => env.client.workflow.getHandle(`rectification/${f.item_id}`));
      for (const h of [handle, child, ...items]) await h.terminate('test finished');
    });
    const items: { n: number }[] = await dataSource.query(
      'SELECT count(*)::int AS n FROM finding WHERE campaign_id = $1 AND status = $2',
      [campaignId, 'handed_off'],
    );
    expect(items[0].n).toBe(3);
    const child = await dataSource.getRepository(CampaignRecord).findOneByOrFail({ id: `${campaignId}-a` });
    expect(child).toMatchObject({
      level: 'county',
      parentCampaignId: campaignId,
      rootCampaignId: campaignId,
      depth: 1,
    });
  });
});
