import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateStage } from '@temporalio/client';
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
  type CampaignActivities,
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

  type Activities = ReturnType<typeof allActivities>;
  /** Run `run` with a worker of the real activities, or of those `wrap` puts in front of them. */
  async function withWorker<T>(
    run: (taskQueue: string) => Promise<T>,
    wrap: (activities: Activities) => Activities = (a) => a,
  ): Promise<T> {
    const taskQueue = `campaign-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: wrap(allActivities(env, dataSource, taskQueue)),
    });
    return worker.runUntil(run(taskQueue));
  }

  /** A gate a wrapped activity waits at until the test opens it. */
  function gate(): { open: () => void; opened: Promise<void>; reached: () => boolean; arrive: () => void } {
    let open!: () => void;
    let reached = false;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened, reached: () => reached, arrive: () => (reached = true) };
  }

  /** Every item a campaign's hand-off started, and the campaigns, ended: left running, their timers hold the clock. */
  async function endAll(campaignIds: string[]): Promise<void> {
    const started: { item_id: string }[] = await dataSource.query(
      'SELECT item_id FROM finding WHERE campaign_id = ANY($1) AND item_id IS NOT NULL',
      [campaignIds],
    );
    const handles = [
      ...campaignIds.map((id) => env.client.workflow.getHandle(campaignWorkflowId(id))),
      ...started.map((f) => env.client.workflow.getHandle(`rectification/${f.item_id}`)),
    ];
    for (const h of handles) {
      if ((await h.describe()).status.name === 'RUNNING') await h.terminate('test finished');
    }
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
  it('hands off batch by batch, and goes round again for a request that waited behind a busy step', async () => {
    const campaignId = `ts-${randomUUID().slice(0, 8)}`;
    const lastBatch = gate();
    const linking = gate();
    const finding = (i: number) => ({ id: `P${i}`, title: `问题${i}`, leadDepartmentId: 'civil' });
    await withWorker(
      async (taskQueue) => {
        const handle = await env.client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, {
          workflowId: campaignWorkflowId(campaignId),
          taskQueue,
          args: [{ ...input(campaignId), level: 'city' as const, handOffBatchSize: 2 }],
        });
        await handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: staff }] });
        await seedProblemList(dataSource, campaignId, [0, 1, 2, 3, 4].map(finding));
        await handle.executeUpdate(handOffUpdate, { args: [{ actor: staff }] });
        // Batches of 2, 2 and 1: the last one has listed every finding and waits to report.
        await eventually(() => expect(lastBatch.reached()).toBe(true));
        // A busy step holds the queue; a finding is listed and a second hand-off waits behind it.
        const launched = handle.executeUpdate(launchLinkedUpdate, {
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
        await eventually(() => expect(linking.reached()).toBe(true));
        await seedProblemList(dataSource, campaignId, [finding(5)]);
        const second = await handle.startUpdate(handOffUpdate, {
          args: [{ actor: staff }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        // The last batch reports; the workflow has taken its result before the busy step ends.
        lastBatch.open();
        await eventually(async () => {
          const events = (await handle.fetchHistory()).events ?? [];
          const completed = events.findLastIndex((e) => e.activityTaskCompletedEventAttributes);
          expect(completed).toBeGreaterThan(0);
          expect(events.slice(completed + 1).some((e) => e.workflowTaskCompletedEventAttributes)).toBe(true);
        });
        linking.open();
        await launched;
        await second.result();
        const done = await eventually(async () => {
          const s = await handle.query(campaignStateQuery);
          expect(s.handOff).toMatchObject({ running: false, requests: 2 });
          return s;
        });
        expect(done.handOff).toMatchObject({ started: 6, existing: 0 });
      },
      (real) => ({
        ...real,
        handOffBatch: async (args: unknown) => {
          const result = (await real.handOffBatch(args)) as Awaited<ReturnType<CampaignActivities['handOffBatch']>>;
          if (!result.more && !lastBatch.reached()) {
            lastBatch.arrive();
            await lastBatch.opened;
          }
          return result;
        },
        launchLinkedCampaigns: async (...args: unknown[]) => {
          linking.arrive();
          await linking.opened;
          return real.launchLinkedCampaigns(...args);
        },
      }),
    );
    try {
      const listed: { id: string; status: string }[] = await dataSource.query(
        'SELECT id, status FROM finding WHERE campaign_id = $1 ORDER BY id',
        [campaignId],
      );
      expect(listed.map((f) => f.status)).toEqual(Array(6).fill('handed_off'));
    } finally {
      await withWorker(() => endAll([campaignId, `${campaignId}-a`]));
    }
  });

  it('continues as new when its history grows long, keeping its state, its sequence and its actions', async () => {
    const campaignId = `ts-${randomUUID().slice(0, 8)}`;
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue,
        args: [{ ...input(campaignId), historyEventLimit: 40 }],
      });
      for (const phase of ['inspection', 'inquiry', 'rectification', 'look_back', 'report']) {
        const view = await handle.executeUpdate(advancePhaseUpdate, { args: [{ actor: staff, note: phase }] });
        expect(view.phase).toBe(phase);
      }
      const carried = await eventually(async () => {
        const s = await handle.query(campaignStateQuery);
        expect(s.runs).toBeGreaterThan(1);
        return s;
      });
      expect(carried).toMatchObject({ phase: 'report', campaignId });
      const closed = await handle.executeUpdate(closeCampaignUpdate, {
        args: [{ actor: staff, reason: '报告已提交' }],
      });
      expect(closed.phase).toBe('closed');
      await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    });
    const seqs: { seq: number }[] = await dataSource.query('SELECT seq FROM event_log WHERE stream = $1 ORDER BY seq', [
      campaignWorkflowId(campaignId),
    ]);
    // One unbroken sequence across the runs: nothing lost, nothing doubled at the seam.
    expect(seqs.map((s) => Number(s.seq))).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs).toHaveLength(1 + 1 + 5 + 1);
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
