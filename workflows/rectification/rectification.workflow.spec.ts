import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import {
  acknowledgeUpdate,
  decideExtensionUpdate,
  reassignUpdate,
  recordLookBackUpdate,
  rectificationStateQuery,
  reportProgressUpdate,
  requestExtensionUpdate,
  returnItemUpdate,
  reviewPlanUpdate,
  submitCompletionUpdate,
  submitPlanUpdate,
  verifyCompletionUpdate,
  closeNotFeasibleUpdate,
  calendarChangedSignal,
  type Actor,
  type RectificationState,
} from '@lib/contracts';
import { openDatabase, RectificationItemRecord, RectificationRoundRecord } from '@lib/database';
import { testEnv } from '../../test/setup/test-env';
import {
  cast,
  eventTypes,
  itemInput,
  keepHistory,
  withRectificationWorker,
  type Cast,
} from '../../test/support/rectification';
import { eventually } from '../../test/support/eventually';
import { isolatedDatabase } from '../../test/support/isolated-database';
import { createTimeSkippingEnv, PINNED_START } from '../../test/support/workflow-env';

type Item = WorkflowHandle;

/** Every transition and timer path of a rectification item, on the time-skipping server. */
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

  const state = (item: Item): Promise<RectificationState> => item.query(rectificationStateQuery);
  /**
   * The final state of an item whose workflow has completed. Not `result()`: waiting on a
   * result lets the time-skipping server leap to any pending timer, years ahead.
   */
  const finished = (item: Item): Promise<RectificationState> =>
    eventually(async () => {
      expect((await item.describe()).status.name).toBe('COMPLETED');
      return state(item);
    });
  const row = (itemId: string) => dataSource.getRepository(RectificationItemRecord).findOneByOrFail({ itemId });

  async function acknowledgeAndPlan(item: Item, c: Cast): Promise<void> {
    await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] });
    await submitPlan(item, c.handler);
    await item.executeUpdate(reviewPlanUpdate, { args: [{ actor: c.staff, decision: 'approve' }] });
  }
  const submitPlan = (item: Item, actor: Actor) =>
    item.executeUpdate(submitPlanUpdate, {
      args: [{ actor, summary: '制定站点运营整改方案', measures: ['排查站点', '引入运营主体'] }],
    });
  const complete = (item: Item, actor: Actor, n = 1) =>
    item.executeUpdate(submitCompletionUpdate, {
      args: [{ actor, summary: `第${n}次整改完成`, evidence: [{ name: '运营照片', uri: `evidence://photo-${n}` }] }],
    });

  it('runs on a clock that starts at the pinned instant, whatever today is', async () => {
    const drift = (await env.currentTimeMs()) - Date.parse(PINNED_START);
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(10 * 60_000);
  });

  it('carries an item from hand-off through acceptance to a confirmed look-back', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await acknowledgeAndPlan(item, c);
      await env.sleep('31 days');
      await item.executeUpdate(reportProgressUpdate, {
        args: [{ actor: c.coHandler, summary: '已完成一半', percentComplete: 50 }],
      });
      await complete(item, c.handler);
      await item.executeUpdate(verifyCompletionUpdate, { args: [{ actor: c.staff, decision: 'accept' }] });
      expect(await row(input.itemId)).toMatchObject({ status: 'closed', trafficLight: 'none' });
      await env.sleep('200 days');
      expect((await state(item)).lookBackNotified).toBe(true);
      await item.executeUpdate(recordLookBackUpdate, {
        args: [{ actor: c.staff, outcome: 'confirmed', findings: '站点运营正常' }],
      });
      const final = await finished(item);
      expect(final.status).toBe('confirmed');
      expect(final.rounds[0].reports).toHaveLength(1);
      expect(final.missedReports).toBe(1);
      await keepHistory('accepted-and-confirmed', item);
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
    expect(await row(input.itemId)).toMatchObject({
      status: 'confirmed',
      round: 1,
      lastSeq: 10,
      districtId: 'jinshui',
    });
    const outbox: { kind: string; recipient_unit_id: string }[] = await dataSource.query(
      'SELECT kind, recipient_unit_id FROM outbox WHERE stream = $1 ORDER BY seq, position',
      [`rectification/${input.itemId}`],
    );
    expect(outbox.map((o) => o.kind)).toEqual([
      'assigned',
      'assigned',
      'plan_submitted',
      'plan_approved',
      'report_overdue',
      'completion_submitted',
      'closed',
      'look_back_due',
    ]);
    expect(outbox[1].recipient_unit_id).toBe(c.co);
  });

  it('escalates a late acknowledgement through the whole ladder, each step once, and stops when it moves on', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      const armed = await eventually(async () => {
        const deadline = (await state(item)).deadline;
        expect(deadline).not.toBeNull();
        return deadline!;
      });
      expect(armed.step).toBe('acknowledge');
      expect(armed.ladder.map((s) => s.step)).toEqual(['reminder', 'supervision_notice', 'listed_supervision']);

      await env.sleep('40 days');
      const late = await state(item);
      expect(late).toMatchObject({ escalationLevel: 'listed_supervision', trafficLight: 'red' });
      expect(late.deadline!.fired).toEqual(['reminder', 'supervision_notice', 'listed_supervision']);
      expect(await row(input.itemId)).toMatchObject({ escalationLevel: 'listed_supervision', trafficLight: 'red' });

      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.leader, note: '已签收，抓紧办理' }] });
      const moved = await state(item);
      expect(moved).toMatchObject({ status: 'acknowledged', escalationLevel: 'none', trafficLight: 'green' });
      expect(moved.deadline!.step).toBe('plan');
      await keepHistory('late-acknowledgement-ladder', item);
    });
    const types = await eventTypes(dataSource, input.itemId);
    expect(types).toEqual([
      'item.assigned',
      'deadline.due_soon',
      'deadline.overdue',
      'escalation.reminder',
      'escalation.supervision_notice',
      'escalation.listed_supervision',
      'item.acknowledged',
    ]);
    const scheduled: { type: string; scheduled: string; fired: string }[] = await dataSource.query(
      `SELECT type, data->'data'->>'scheduledAt' AS scheduled, data->>'at' AS fired FROM event_log
       WHERE stream = $1 AND type LIKE 'escalation.%' ORDER BY seq`,
      [`rectification/${input.itemId}`],
    );
    for (const s of scheduled) expect(Date.parse(s.fired)).toBeGreaterThanOrEqual(Date.parse(s.scheduled));
    const leadership: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE stream = $1 AND kind = 'listed_supervision' AND recipient_role = 'manager'`,
      [`rectification/${input.itemId}`],
    );
    expect(leadership[0].n).toBe(1);
  });

  it('gives the committee deadlines of its own to review a plan and verify a completion, with no ladder', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] });
      await submitPlan(item, c.handler);
      const review = (await state(item)).deadline!;
      expect(review).toMatchObject({ step: 'review', ladder: [], overdue: false });
      expect(await row(input.itemId)).toMatchObject({ deadlineStep: 'review', trafficLight: 'green' });

      await env.sleep('10 days');
      expect(await state(item)).toMatchObject({ trafficLight: 'red', escalationLevel: 'none' });
      expect(await row(input.itemId)).toMatchObject({ deadlineStep: 'review', trafficLight: 'red' });
      await item.executeUpdate(reviewPlanUpdate, { args: [{ actor: c.staff, decision: 'approve' }] });
      expect((await state(item)).deadline!.step).toBe('rectify');

      await complete(item, c.handler);
      expect((await state(item)).deadline).toMatchObject({ step: 'verify', ladder: [] });
      await env.sleep('10 days');
      expect(await row(input.itemId)).toMatchObject({ deadlineStep: 'verify', trafficLight: 'red' });
      await item.executeUpdate(verifyCompletionUpdate, { args: [{ actor: c.staff, decision: 'accept' }] });
      expect(await state(item)).toMatchObject({ status: 'closed', deadline: null, trafficLight: 'none' });
      await keepHistory('committee-deadlines', item);
    });
    expect(await eventTypes(dataSource, input.itemId)).toEqual([
      'item.assigned',
      'item.acknowledged',
      'plan.submitted',
      'deadline.due_soon',
      'deadline.overdue',
      'plan.approved',
      'completion.submitted',
      'deadline.due_soon',
      'deadline.overdue',
      'item.closed',
    ]);
    // The committee is told, and its leadership once late; the department is not blamed.
    const notices: { kind: string; recipient_unit_id: string; recipient_role: string }[] = await dataSource.query(
      `SELECT kind, recipient_unit_id, recipient_role FROM outbox WHERE stream = $1 AND kind LIKE 'review_%'
        ORDER BY seq, position`,
      [`rectification/${input.itemId}`],
    );
    expect(notices.map((n) => [n.kind, n.recipient_role])).toEqual([
      ['review_due_soon', 'committee_staff'],
      ['review_overdue', 'committee_staff'],
      ['review_overdue', 'manager'],
      ['review_due_soon', 'committee_staff'],
      ['review_overdue', 'committee_staff'],
      ['review_overdue', 'manager'],
    ]);
    expect(new Set(notices.map((n) => n.recipient_unit_id))).toEqual(new Set([input.committeeUnitId]));
  });

  it('moves a deadline only when the department leader and then the committee approve an extension', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await acknowledgeAndPlan(item, c);
      const before = (await state(item)).deadline!;
      expect(before.step).toBe('rectify');
      const proposed = addDaysTo(before.dueDate, 30);

      await item.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: c.handler, reason: '需协调用地', proposedDueDate: proposed }],
      });
      await expect(
        item.executeUpdate(requestExtensionUpdate, {
          args: [{ actor: c.handler, reason: '再次', proposedDueDate: proposed }],
        }),
      ).rejects.toMatchObject({ cause: { type: 'EXTENSION_PENDING' } });
      await expect(
        item.executeUpdate(decideExtensionUpdate, { args: [{ actor: c.staff, decision: 'approve' }] }),
      ).rejects.toMatchObject({ cause: { type: 'ROLE_NOT_ALLOWED' } });
      await item.executeUpdate(decideExtensionUpdate, { args: [{ actor: c.leader, decision: 'approve' }] });
      expect((await state(item)).deadline!.dueDate).toBe(before.dueDate);
      expect((await row(input.itemId)).extensionPending).toBe(true);

      await item.executeUpdate(decideExtensionUpdate, { args: [{ actor: c.staff, decision: 'approve' }] });
      const extended = await state(item);
      expect(extended.extensionCount).toBe(1);
      expect(extended.deadline!.dueDate >= proposed).toBe(true);
      expect(extended.rectifyDeadline!.dueDate).toBe(extended.deadline!.dueDate);

      // The old deadline passes without a word; the new one is watched.
      await env.sleep(Date.parse(before.dueAt) - (await env.currentTimeMs()) + 60_000);
      expect((await state(item)).deadline!.overdue).toBe(false);
      await env.sleep(Date.parse(extended.deadline!.dueAt) - (await env.currentTimeMs()) + 60_000);
      expect((await state(item)).deadline!.overdue).toBe(true);
      await keepHistory('extension-approved', item);
    });
    const types = await eventTypes(dataSource, input.itemId);
    expect(types.filter((t) => t.startsWith('extension.'))).toEqual([
      'extension.requested',
      'extension.approved_by_department',
      'extension.approved',
    ]);
    expect(types.filter((t) => t === 'deadline.overdue')).toHaveLength(1);
    expect(await row(input.itemId)).toMatchObject({ extensionCount: 1, extensionPending: false });
  });

  it('keeps the deadline when an extension is rejected, by the leader or by the committee', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] });
      const plan = (await state(item)).deadline!;
      const ask = () =>
        item.executeUpdate(requestExtensionUpdate, {
          args: [{ actor: c.handler, reason: '方案需论证', proposedDueDate: addDaysTo(plan.dueDate, 10) }],
        });
      await ask();
      await item.executeUpdate(decideExtensionUpdate, {
        args: [{ actor: c.leader, decision: 'reject', comment: '按期完成' }],
      });
      await ask();
      await item.executeUpdate(decideExtensionUpdate, { args: [{ actor: c.leader, decision: 'approve' }] });
      await item.executeUpdate(decideExtensionUpdate, { args: [{ actor: c.staff, decision: 'reject' }] });
      const after = await state(item);
      expect(after.deadline!.dueAt).toBe(plan.dueAt);
      expect(after.extensionCount).toBe(0);
      expect(after.extensions.map((e) => e.outcome)).toEqual(['rejected', 'rejected']);

      await env.sleep(Date.parse(plan.dueAt) - (await env.currentTimeMs()) + 60_000);
      expect((await state(item)).deadline).toMatchObject({ overdue: true, fired: ['reminder'] });
      await expect(ask()).rejects.toMatchObject({ cause: { type: 'DEADLINE_PASSED' } });
      await keepHistory('extension-rejected', item);
    });
    expect((await eventTypes(dataSource, input.itemId)).filter((t) => t.startsWith('extension.'))).toEqual([
      'extension.requested',
      'extension.rejected',
      'extension.requested',
      'extension.approved_by_department',
      'extension.rejected',
    ]);
  });

  it('sends work back three times, each round with its own plan, evidence and outcome', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] });
      for (let round = 1; round <= 4; round += 1) {
        await submitPlan(item, c.handler);
        await item.executeUpdate(reviewPlanUpdate, { args: [{ actor: c.staff, decision: 'approve' }] });
        await complete(item, c.handler, round);
        if (round < 4) {
          const previous = (await state(item)).rectifyDeadline!;
          await env.sleep('7 days');
          await item.executeUpdate(verifyCompletionUpdate, {
            args: [
              {
                actor: c.staff,
                decision: 'send_back',
                comment: `第${round}轮整改不到位`,
                rectifyWithin: { days: 20, counting: 'working-days' },
              },
            ],
          });
          const next = await state(item);
          expect(next).toMatchObject({ status: 'acknowledged', round: round + 1 });
          expect(next.rectifyDeadline!.dueAt).not.toBe(previous.dueAt);
        } else {
          await item.executeUpdate(verifyCompletionUpdate, { args: [{ actor: c.staff, decision: 'accept' }] });
        }
      }
      const final = await state(item);
      expect(final.rounds.map((r) => [r.round, r.reason, r.outcome?.kind])).toEqual([
        [1, 'hand_off', 'sent_back'],
        [2, 'sent_back', 'sent_back'],
        [3, 'sent_back', 'sent_back'],
        [4, 'sent_back', 'accepted'],
      ]);
      expect(final.rounds.map((r) => r.completions[0].evidence[0].uri)).toEqual([
        'evidence://photo-1',
        'evidence://photo-2',
        'evidence://photo-3',
        'evidence://photo-4',
      ]);
      await keepHistory('three-send-backs', item);
    });
    const rounds = await dataSource
      .getRepository(RectificationRoundRecord)
      .find({ where: { itemId: input.itemId }, order: { round: 'ASC' } });
    expect(rounds.map((r) => [r.round, (r.outcome as { kind: string }).kind, r.plans.length])).toEqual([
      [1, 'sent_back', 1],
      [2, 'sent_back', 1],
      [3, 'sent_back', 1],
      [4, 'accepted', 1],
    ]);
    expect(await row(input.itemId)).toMatchObject({ status: 'closed', round: 4 });
  });

  it('reopens a closed item in a new round when the look-back finds a relapse', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await acknowledgeAndPlan(item, c);
      await complete(item, c.handler);
      await item.executeUpdate(verifyCompletionUpdate, {
        args: [{ actor: c.staff, decision: 'accept', comment: '同意销号' }],
      });
      await expect(
        item.executeUpdate(reportProgressUpdate, { args: [{ actor: c.handler, summary: '补充' }] }),
      ).rejects.toMatchObject({ cause: { type: 'ITEM_CLOSED' } });
      await env.sleep('190 days');
      const answer = await item.executeUpdate(recordLookBackUpdate, {
        args: [{ actor: c.staff, outcome: 'relapsed', findings: '站点再次停止运营' }],
      });
      expect(answer).toMatchObject({ status: 'acknowledged', round: 2, closedAt: null, deadlineStep: 'plan' });
      const reopened = await state(item);
      expect(reopened.rounds[0].lookBack).toMatchObject({ kind: 'relapsed' });
      await acknowledgeAndPlanAgain(item, c);
      await complete(item, c.handler, 2);
      await item.executeUpdate(verifyCompletionUpdate, { args: [{ actor: c.staff, decision: 'accept' }] });
      await item.executeUpdate(recordLookBackUpdate, {
        args: [{ actor: c.staff, outcome: 'confirmed', findings: '复查正常' }],
      });
      expect((await finished(item)).status).toBe('confirmed');
      await keepHistory('relapse-at-look-back', item);
    });
    const types = await eventTypes(dataSource, input.itemId);
    expect(types.slice(types.indexOf('item.closed'))).toEqual([
      'item.closed',
      'look_back.due',
      'look_back.relapsed',
      'round.started',
      'plan.submitted',
      'plan.approved',
      'completion.submitted',
      'item.closed',
      'look_back.confirmed',
    ]);
  });

  async function acknowledgeAndPlanAgain(item: Item, c: Cast): Promise<void> {
    await submitPlan(item, c.handler);
    await item.executeUpdate(reviewPlanUpdate, { args: [{ actor: c.staff, decision: 'approve' }] });
  }

  it('lets a misrouted item be returned and reassigned to the right department', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await expect(
        item.executeUpdate(returnItemUpdate, { args: [{ actor: c.handler, reason: '' }] }),
      ).rejects.toMatchObject({ cause: { type: 'FIELD_REQUIRED', details: [{ field: 'reason' }] } });
      await item.executeUpdate(returnItemUpdate, { args: [{ actor: c.handler, reason: '不属于本部门职责' }] });
      expect(await state(item)).toMatchObject({ status: 'returned', deadline: null, trafficLight: 'none' });
      await expect(item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] })).rejects.toMatchObject({
        cause: { type: 'INVALID_STATE' },
      });

      await item.executeUpdate(reassignUpdate, {
        args: [{ actor: c.staff, leadDepartmentId: c.co, coDepartmentIds: [], reason: '改由财政部门牵头' }],
      });
      await expect(item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] })).rejects.toMatchObject({
        cause: { type: 'UNIT_NOT_RESPONSIBLE' },
      });
      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.coHandler }] });
      const acknowledged = await state(item);
      expect(acknowledged).toMatchObject({ status: 'acknowledged', leadDepartmentId: c.co, coDepartmentIds: [] });
      expect(acknowledged.returns).toHaveLength(1);
      expect(acknowledged.assignments.map((a) => a.leadDepartmentId)).toEqual([c.lead, c.co]);
      await keepHistory('returned-and-reassigned', item);
    });
    expect(await eventTypes(dataSource, input.itemId)).toEqual([
      'item.assigned',
      'item.returned',
      'item.reassigned',
      'item.acknowledged',
    ]);
    expect(await row(input.itemId)).toMatchObject({ leadDepartmentId: c.co, status: 'acknowledged' });
  });

  it('counts deadlines across the Spring Festival and its make-up Saturday', async () => {
    const c = cast();
    // Handed off on Thursday 12 February 2026 (10:00 in Shanghai). The Spring Festival holiday
    // runs 15–23 February; Saturday 14 and Saturday 28 February are make-up working days.
    const input = itemInput(c, {
      assignedAt: '2026-02-12T02:00:00Z',
      policy: {
        ...itemInput(c).policy,
        acknowledgeWithin: { days: 3, counting: 'working-days' },
        rectifyWithin: { days: 15, counting: 'working-days' },
      },
    });
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      const s = await eventually(async () => {
        const current = await state(item);
        expect(current.deadline?.fired).toHaveLength(3);
        return current;
      });
      expect(s.deadline).toMatchObject({
        step: 'acknowledge',
        dueDate: '2026-02-24',
        dueAt: '2026-02-24T16:00:00.000Z',
        provisional: false,
      });
      expect(s.rectifyDeadline).toMatchObject({ dueDate: '2026-03-11', dueAt: '2026-03-11T16:00:00.000Z' });
      // Handed off long ago, so every step of the ladder is already due: each fires once.
      expect(s.deadline!.fired).toEqual(['reminder', 'supervision_notice', 'listed_supervision']);
      await keepHistory('spring-festival-deadline', item);
    });
    expect(await row(input.itemId)).toMatchObject({ dueDate: '2026-02-24', trafficLight: 'red' });
  });

  it('recomputes a provisional deadline when the holiday notice for its year is loaded', async () => {
    const isolated = await isolatedDatabase();
    try {
      const db = isolated.dataSource;
      const [{ last }] = await db.query<{ last: number }[]>('SELECT max(year) AS last FROM calendar_year');
      const year = last + 5;
      const due = `${year}-03-04`;
      const c = cast();
      const input = itemInput(c, {
        policy: { ...itemInput(c).policy, acknowledgeWithin: { until: due } },
      });
      let expected = '';
      await withRectificationWorker(env, db, async (start) => {
        const item = await start(input);
        const before = await eventually(async () => {
          const deadline = (await state(item)).deadline;
          expect(deadline).toMatchObject({ dueDate: due, provisional: true });
          return deadline!;
        });
        // The notice for that year arrives: three rest days from the due date on.
        const rest = [0, 1, 2].map((n) => addDaysTo(due, n));
        for (const day of rest) {
          await db.query(
            `INSERT INTO calendar_day (day, kind, name, source) VALUES ($1, 'holiday', '测试假日', 'test')`,
            [day],
          );
        }
        await db.query(`INSERT INTO calendar_year (year, source) VALUES ($1, 'test')`, [year]);
        expected = addDaysTo(due, 3);
        while ([0, 6].includes(new Date(`${expected}T00:00:00Z`).getUTCDay())) expected = addDaysTo(expected, 1);

        await item.signal(calendarChangedSignal);
        const after = await eventually(async () => {
          const deadline = (await state(item)).deadline;
          expect(deadline).toMatchObject({ dueDate: expected, provisional: false });
          return deadline!;
        });
        expect(after.dueAt).not.toBe(before.dueAt);
      });
      const types = await eventTypes(db, input.itemId);
      expect(types).toEqual(['item.assigned', 'deadline.recomputed']);
      const [itemRow] = await db.query<{ due_date: string; deadline_provisional: boolean }[]>(
        `SELECT to_char(due_date, 'YYYY-MM-DD') AS due_date, deadline_provisional FROM rectification_item WHERE item_id = $1`,
        [input.itemId],
      );
      expect(itemRow).toEqual({ due_date: expected, deadline_provisional: false });
    } finally {
      await isolated.drop();
    }
  });

  it('refuses invalid actions with their codes and leaves no trace of them in history', async () => {
    const c = cast();
    const input = itemInput(c);
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      const refusals: [Promise<unknown>, string][] = [
        [item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.staff }] }), 'ROLE_NOT_ALLOWED'],
        [item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.outsider }] }), 'UNIT_NOT_RESPONSIBLE'],
        [item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.coHandler }] }), 'UNIT_NOT_RESPONSIBLE'],
        [submitPlan(item, c.handler), 'INVALID_STATE'],
        [item.executeUpdate(acknowledgeUpdate, { args: [{} as { actor: Actor }] }), 'FIELD_REQUIRED'],
        [
          item.executeUpdate(closeNotFeasibleUpdate, { args: [{ actor: c.staff, reason: '无法', approvalRef: 'X' }] }),
          'ROLE_NOT_ALLOWED',
        ],
      ];
      for (const [refused, code] of refusals) await expect(refused).rejects.toMatchObject({ cause: { type: code } });

      await item.executeUpdate(acknowledgeUpdate, { args: [{ actor: c.handler }] });
      await expect(
        item.executeUpdate(submitPlanUpdate, { args: [{ actor: c.handler, summary: '方案', measures: [] }] }),
      ).rejects.toMatchObject({ cause: { type: 'FIELD_REQUIRED', details: [{ field: 'measures' }] } });
      await item.executeUpdate(closeNotFeasibleUpdate, {
        args: [{ actor: c.manager, reason: '涉及规划调整，短期不具备条件', approvalRef: '主任会议纪要〔2024〕3号' }],
      });
      expect((await finished(item)).status).toBe('closed_not_feasible');

      const history = await item.fetchHistory();
      const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(updates).toHaveLength(2);
      await keepHistory('refusals-and-not-feasible', item);
    });
    expect(await eventTypes(dataSource, input.itemId)).toEqual([
      'item.assigned',
      'item.acknowledged',
      'item.closed_not_feasible',
    ]);
  });

  it('continues as new when its history grows long, and keeps its state and event sequence', async () => {
    const c = cast();
    const input = itemInput(c, { historyEventLimit: 60 });
    await withRectificationWorker(env, dataSource, async (start) => {
      const item = await start(input);
      await acknowledgeAndPlan(item, c);
      for (let n = 1; n <= 25; n += 1) {
        await item.executeUpdate(reportProgressUpdate, {
          args: [{ actor: n % 2 ? c.handler : c.coHandler, summary: `第${n}次进度`, percentComplete: n * 4 }],
        });
      }
      const s = await state(item);
      expect(s.runs).toBeGreaterThan(1);
      expect(s.rounds[0].reports).toHaveLength(25);
      expect(s).toMatchObject({ status: 'in_progress', lastSeq: 4 + 25 });
      expect(s.deadline!.step).toBe('rectify');
      await complete(item, c.handler);
      expect((await state(item)).status).toBe('completion_submitted');
      const { firstExecutionRunId } = item as WorkflowHandleWithFirstExecutionRunId;
      await keepHistory('continued-as-new', env.client.workflow.getHandle(item.workflowId, firstExecutionRunId));
    });
    const seqs: { seq: number }[] = await dataSource.query('SELECT seq FROM event_log WHERE stream = $1 ORDER BY seq', [
      `rectification/${input.itemId}`,
    ]);
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});

function addDaysTo(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
