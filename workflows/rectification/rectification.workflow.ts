import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  acknowledgeUpdate,
  calendarChangedSignal,
  closeNotFeasibleUpdate,
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
  DEFAULT_REVIEW_WITHIN,
  isCommitteeStep,
  type Actor,
  type CommitteeStep,
  type DeadlineSchedule,
  type DeadlineStep,
  type EscalationStep,
  type Notification,
  type PeriodSpec,
  type RectificationActivities,
  type RectificationEvent,
  type RectificationEventType,
  type RectificationItemInput,
  type RectificationItemView,
  type RectificationState,
  type Role,
  type RoundRecord,
} from '@lib/contracts';
import { rules } from './rules';
import { drainHandlers, Serial } from '../shared/serial';
import { currentRound, FINAL_STATUSES, itemView, trafficLight } from './view';

/**
 * Deadline arithmetic and the event log are local activities: short, idempotent, and run in
 * the worker without a round trip through the task queue, so a thousand items falling due at
 * once cost a thousand workflow tasks and no more.
 */
const { scheduleDeadline, recordRectificationEvents } = proxyLocalActivities<RectificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * From this change on, the committee's review of a plan and verification of a completion have
 * deadlines of their own; items that passed those points before it (their histories) did not.
 */
const COMMITTEE_STEP_DEADLINES = 'committee-step-deadlines';

/** Continue-as-new well before Temporal's 51,200-event limit even if the server never suggests it. */
const DEFAULT_HISTORY_EVENT_LIMIT = 10_000;

/**
 * A rectification item (整改事项 / 督办件), from hand-off to look-back. One workflow per item,
 * id `rectification/<itemId>`; the state machine is drawn in docs/workflows.md.
 */
export async function rectificationWorkflow(input: RectificationItemInput): Promise<RectificationState> {
  const { policy } = input;
  const serial = new Serial();
  const nowIso = (): string => new Date(Date.now()).toISOString();
  const state: RectificationState = input.carried
    ? { ...input.carried, runs: input.carried.runs + 1 }
    : initialState(input, nowIso());
  /** Bumped on every recorded change, so the timer loop recomputes what it waits for. */
  let version = 0;
  let batch: RectificationEvent[] = [];

  // ── recording ─────────────────────────────────────────────────────────────────────────
  const emit = (
    type: RectificationEventType,
    actor: Actor | null,
    data: Record<string, unknown>,
    notifications: Notification[] = [],
    round: RoundRecord = currentRound(state),
  ): void => {
    state.lastSeq += 1;
    state.trafficLight = trafficLight(state);
    batch.push({
      itemId: state.itemId,
      seq: state.lastSeq,
      type,
      at: nowIso(),
      actor,
      data,
      item: itemView(state),
      round: JSON.parse(JSON.stringify(round)) as RoundRecord,
      notifications,
    });
  };
  const flush = async (): Promise<void> => {
    const events = batch;
    batch = [];
    version += 1;
    if (events.length > 0) await recordRectificationEvents(events);
  };
  const to = (unitId: string, role: Role, kind: string, message: string): Notification => ({
    kind,
    recipientUnitId: unitId,
    recipientRole: role,
    message,
  });
  const toDepartment = (kind: string, message: string, role: Role = 'department_handler'): Notification =>
    to(state.leadDepartmentId, role, kind, message);
  const toCommittee = (kind: string, message: string, role: Role = 'committee_staff'): Notification =>
    to(state.committeeUnitId, role, kind, message);

  // ── deadlines ─────────────────────────────────────────────────────────────────────────
  const schedule = (period: PeriodSpec, start: string = nowIso()): Promise<DeadlineSchedule> =>
    scheduleDeadline({ start, period, dueSoonWorkingDays: policy.dueSoonWorkingDays, escalation: policy.escalation });

  /**
   * A new deadline replaces the old one: its ladder starts afresh and a pending extension lapses.
   * The escalation ladder (催办 → 督办 → 挂牌督办) is for departments; a committee step has none.
   */
  const arm = (step: DeadlineStep | null, deadline: DeadlineSchedule | null): void => {
    const previous = state.deadline;
    state.deadline =
      step && deadline
        ? {
            ...deadline,
            ladder: isCommitteeStep(step) ? [] : deadline.ladder,
            step,
            warned: false,
            overdue: false,
            fired: [],
          }
        : null;
    state.escalationLevel = 'none';
    state.trafficLight = trafficLight(state);
    const pending = state.extensions.find((e) => e.outcome === undefined);
    if (pending && previous && previous.step !== step) {
      pending.outcome = 'lapsed';
      emit('extension.lapsed', null, { step: pending.step, reason: 'the item moved on before a decision' });
    }
  };

  /** The department has handed over: the committee reviews or verifies, within its own deadline. */
  const awaitCommittee = async (step: CommitteeStep): Promise<void> => {
    if (!patched(COMMITTEE_STEP_DEADLINES)) return arm(null, null);
    arm(step, await schedule(policy.reviewWithin ?? DEFAULT_REVIEW_WITHIN));
  };

  const startRound = async (reason: 'sent_back' | 'relapsed', rectifyWithin: PeriodSpec): Promise<void> => {
    const startedAt = nowIso();
    const [rectify, plan] = await Promise.all([
      schedule(rectifyWithin, startedAt),
      schedule(policy.planWithin, startedAt),
    ]);
    state.round += 1;
    state.rounds.push({ round: state.round, startedAt, reason, plans: [], reports: [], completions: [] });
    state.status = 'acknowledged';
    state.rectifyDeadline = rectify;
    state.nextReportDueAt = null;
    state.closedAt = null;
    state.lookBackDueAt = null;
    state.lookBackNotified = false;
    arm('plan', plan);
    emit('round.started', null, { reason, rectifyDueDate: rectify.dueDate, planDueDate: plan.dueDate }, [
      toDepartment('round_started', `整改事项「${state.title}」进入第${state.round}轮整改，请重新报送整改方案`),
    ]);
  };

  // ── timers: warnings, the escalation ladder, progress reports, the look-back ──────────
  const nextWakeUp = (): number | null => {
    const instants: string[] = [];
    const d = state.deadline;
    if (d) {
      if (!d.warned) instants.push(d.warnAt);
      if (!d.overdue) instants.push(d.dueAt);
      const next = d.ladder.find((s) => !d.fired.includes(s.step));
      if (next) instants.push(next.at);
    }
    if (state.status === 'in_progress' && state.nextReportDueAt) instants.push(state.nextReportDueAt);
    if (state.status === 'closed' && state.lookBackDueAt && !state.lookBackNotified) instants.push(state.lookBackDueAt);
    if (instants.length === 0) return null;
    return Math.min(...instants.map((i) => Date.parse(i)));
  };

  const fireDue = async (): Promise<void> => {
    const now = Date.now();
    const d = state.deadline;
    if (d) {
      if (!d.warned && now >= Date.parse(d.warnAt) && now < Date.parse(d.dueAt)) {
        d.warned = true;
        emit('deadline.due_soon', null, { step: d.step, dueDate: d.dueDate }, dueSoonNotices(d.step, d.dueDate));
      }
      if (!d.overdue && now >= Date.parse(d.dueAt)) {
        d.warned = true;
        d.overdue = true;
        emit('deadline.overdue', null, { step: d.step, dueDate: d.dueDate }, overdueNotices(d.step, d.dueDate));
      }
      for (const { step, at } of d.ladder) {
        if (d.fired.includes(step) || now < Date.parse(at)) continue;
        d.fired.push(step);
        state.escalationLevel = step;
        emit(
          `escalation.${step}`,
          null,
          { step: d.step, dueDate: d.dueDate, scheduledAt: at },
          escalationNotices(step),
        );
      }
    }
    if (state.status === 'in_progress' && state.nextReportDueAt && now >= Date.parse(state.nextReportDueAt)) {
      const missed = state.nextReportDueAt;
      state.missedReports += 1;
      state.nextReportDueAt = (await schedule(policy.reportEvery, missed)).dueAt;
      emit('progress.report_overdue', null, { dueAt: missed, nextDueAt: state.nextReportDueAt }, [
        toDepartment('report_overdue', `整改事项「${state.title}」的进度报告逾期未报送`),
      ]);
    }
    if (
      state.status === 'closed' &&
      state.lookBackDueAt &&
      !state.lookBackNotified &&
      now >= Date.parse(state.lookBackDueAt)
    ) {
      state.lookBackNotified = true;
      emit('look_back.due', null, { dueAt: state.lookBackDueAt }, [
        toCommittee('look_back_due', `整改事项「${state.title}」已到回头看时间`),
      ]);
    }
    await flush();
  };

  /** What the committee is to do at a committee step, for its notices. */
  const committeeTask = (step: CommitteeStep): string =>
    step === 'review' ? `整改事项「${state.title}」的整改方案待审核` : `整改事项「${state.title}」的销号申请待验收`;

  const dueSoonNotices = (step: DeadlineStep, dueDate: string): Notification[] =>
    isCommitteeStep(step)
      ? [toCommittee('review_due_soon', `${committeeTask(step)}，期限${dueDate}`)]
      : [toDepartment('due_soon', `整改事项「${state.title}」将于${dueDate}到期`)];

  /** A late committee is told, and so is its leadership; there is no ladder for it. */
  const overdueNotices = (step: DeadlineStep, dueDate: string): Notification[] =>
    isCommitteeStep(step)
      ? [
          toCommittee('review_overdue', `${committeeTask(step)}，已超过${dueDate}的期限`),
          toCommittee('review_overdue', `${committeeTask(step)}，已超过${dueDate}的期限`, 'manager'),
        ]
      : [toDepartment('overdue', `整改事项「${state.title}」已超过${dueDate}的期限`)];

  const escalationNotices = (step: EscalationStep): Notification[] => {
    switch (step) {
      case 'reminder':
        return [toDepartment('reminder', `催办：整改事项「${state.title}」已逾期，请尽快办理`)];
      case 'supervision_notice':
        return [
          toDepartment('supervision_notice', `督办：整改事项「${state.title}」逾期未办`, 'department_leader'),
          toDepartment('supervision_notice', `督办：整改事项「${state.title}」逾期未办`),
        ];
      case 'listed_supervision':
        return [
          toDepartment('listed_supervision', `挂牌督办：整改事项「${state.title}」`, 'department_leader'),
          toCommittee('listed_supervision', `挂牌督办：整改事项「${state.title}」`, 'manager'),
          toCommittee('listed_supervision', `挂牌督办：整改事项「${state.title}」`),
        ];
    }
  };

  // ── hand-off ───────────────────────────────────────────────────────────────────
  // Queued before any handler is registered: an action that arrived with the start (in the
  // same first task) must find the item handed off, not overtake the hand-off.
  const handedOff = input.carried
    ? Promise.resolve()
    : serial.run(async () => {
        const [acknowledge, rectify] = await Promise.all([
          schedule(policy.acknowledgeWithin, state.assignedAt),
          schedule(policy.rectifyWithin, state.assignedAt),
        ]);
        state.rectifyDeadline = rectify;
        arm('acknowledge', acknowledge);
        emit(
          'item.assigned',
          null,
          {
            description: input.description,
            location: input.location ?? null,
            source: input.source ?? null,
            policy,
            acknowledgeDueDate: acknowledge.dueDate,
            rectifyDueDate: rectify.dueDate,
          },
          assignmentNotices(),
        );
        await flush();
      });

  // ── actions ───────────────────────────────────────────────────────────────────────────
  /**
   * Register an action: the rule is its validator, and is checked again when the action's
   * turn comes, since an action queued behind another may find the item moved on.
   */
  function action<A extends { actor: Actor }>(
    update: UpdateDefinition<RectificationItemView, [A], string>,
    rule: (state: RectificationState, args: Record<string, unknown>, now: number) => void,
    apply: (args: A) => Promise<void> | void,
  ): void {
    setHandler(
      update,
      (args: A) =>
        serial.run(async () => {
          rule(state, args, Date.now());
          await apply(args);
          await flush();
          return itemView(state);
        }),
      { validator: (args: A) => rule(state, args as unknown as Record<string, unknown>, Date.now()) },
    );
  }

  setHandler(rectificationStateQuery, () => state);

  action(acknowledgeUpdate, rules.acknowledge, async ({ actor, note }) => {
    const plan = await schedule(policy.planWithin);
    state.status = 'acknowledged';
    arm('plan', plan);
    emit('item.acknowledged', actor, { note: note ?? null, planDueDate: plan.dueDate });
  });

  action(returnItemUpdate, rules.returnItem, ({ actor, reason }) => {
    state.status = 'returned';
    state.returns.push({ departmentId: state.leadDepartmentId, reason, by: actor.personId, at: nowIso() });
    arm(null, null);
    emit('item.returned', actor, { reason }, [toCommittee('returned', `整改事项「${state.title}」被退回：${reason}`)]);
  });

  action(reassignUpdate, rules.reassign, async ({ actor, leadDepartmentId, coDepartmentIds, reason }) => {
    const at = nowIso();
    const [acknowledge, rectify] = await Promise.all([
      schedule(policy.acknowledgeWithin, at),
      schedule(policy.rectifyWithin, at),
    ]);
    state.status = 'assigned';
    state.leadDepartmentId = leadDepartmentId;
    state.coDepartmentIds = coDepartmentIds ?? state.coDepartmentIds.filter((d) => d !== leadDepartmentId);
    state.assignments.push({
      leadDepartmentId,
      coDepartmentIds: state.coDepartmentIds,
      at,
      by: actor.personId,
      reason,
    });
    state.rectifyDeadline = rectify;
    arm('acknowledge', acknowledge);
    emit(
      'item.reassigned',
      actor,
      { leadDepartmentId, coDepartmentIds: state.coDepartmentIds, reason: reason ?? null },
      [...assignmentNotices()],
    );
  });

  action(submitPlanUpdate, rules.submitPlan, async ({ actor, summary, measures }) => {
    currentRound(state).plans.push({ summary, measures, submittedBy: actor.personId, submittedAt: nowIso() });
    state.status = 'plan_submitted';
    await awaitCommittee('review');
    emit('plan.submitted', actor, { summary, measures }, [
      toCommittee('plan_submitted', `整改事项「${state.title}」已报送整改方案`),
    ]);
  });

  action(reviewPlanUpdate, rules.reviewPlan, async ({ actor, decision, comment }) => {
    const plan = currentRound(state).plans.at(-1);
    if (plan) plan.review = { decision, comment, by: actor.personId, at: nowIso() };
    if (decision === 'approve') {
      const rectify = state.rectifyDeadline ?? (await schedule(policy.rectifyWithin));
      state.nextReportDueAt = (await schedule(policy.reportEvery)).dueAt;
      state.status = 'in_progress';
      arm('rectify', rectify);
      emit('plan.approved', actor, { comment: comment ?? null, rectifyDueDate: rectify.dueDate }, [
        toDepartment('plan_approved', `整改事项「${state.title}」的整改方案已通过，整改期限${rectify.dueDate}`),
      ]);
    } else {
      const revision = await schedule(policy.planWithin);
      state.status = 'plan_revision';
      arm('plan', revision);
      emit('plan.revision_requested', actor, { comment, planDueDate: revision.dueDate }, [
        toDepartment('plan_revision', `整改事项「${state.title}」的整改方案需修改：${comment}`),
      ]);
    }
  });

  action(reportProgressUpdate, rules.reportProgress, async ({ actor, summary, percentComplete }) => {
    const at = nowIso();
    currentRound(state).reports.push({ summary, percentComplete, by: actor.personId, unitId: actor.unitId, at });
    state.nextReportDueAt = (await schedule(policy.reportEvery, at)).dueAt;
    emit('progress.reported', actor, { summary, percentComplete: percentComplete ?? null });
  });

  action(submitCompletionUpdate, rules.submitCompletion, async ({ actor, summary, evidence }) => {
    currentRound(state).completions.push({ summary, evidence, submittedBy: actor.personId, submittedAt: nowIso() });
    state.status = 'completion_submitted';
    state.nextReportDueAt = null;
    await awaitCommittee('verify');
    emit('completion.submitted', actor, { summary, evidence }, [
      toCommittee('completion_submitted', `整改事项「${state.title}」申请销号`),
    ]);
  });

  action(verifyCompletionUpdate, rules.verifyCompletion, async ({ actor, decision, comment, rectifyWithin }) => {
    const round = currentRound(state);
    const at = nowIso();
    if (decision === 'accept') {
      round.outcome = { kind: 'accepted', by: actor.personId, at, comment };
      state.status = 'closed';
      state.closedAt = at;
      state.lookBackDueAt = (await schedule(policy.lookBackAfter, at)).dueAt;
      state.lookBackNotified = false;
      arm(null, null);
      emit('item.closed', actor, { comment: comment ?? null, lookBackDueAt: state.lookBackDueAt }, [
        toDepartment('closed', `整改事项「${state.title}」已销号`),
      ]);
    } else {
      round.outcome = { kind: 'sent_back', by: actor.personId, at, comment: comment ?? '' };
      emit('item.sent_back', actor, { comment }, [
        toDepartment('sent_back', `整改事项「${state.title}」退回重新整改：${comment}`),
      ]);
      await startRound('sent_back', rectifyWithin ?? policy.rectifyWithin);
    }
  });

  action(closeNotFeasibleUpdate, rules.closeNotFeasible, ({ actor, reason, approvalRef }) => {
    const at = nowIso();
    currentRound(state).outcome = { kind: 'not_feasible', by: actor.personId, at, reason, approvalRef };
    state.status = 'closed_not_feasible';
    state.closedAt = at;
    state.nextReportDueAt = null;
    arm(null, null);
    emit('item.closed_not_feasible', actor, { reason, approvalRef }, [
      toDepartment('closed_not_feasible', `整改事项「${state.title}」经批准按不具备整改条件办结`),
    ]);
  });

  action(requestExtensionUpdate, rules.requestExtension, ({ actor, reason, proposedDueDate }) => {
    // The rules allow a request only while a department step's deadline runs.
    const running = state.deadline?.step ?? 'rectify';
    const step = isCommitteeStep(running) ? 'rectify' : running;
    state.extensions.push({
      step,
      reason,
      proposedDueDate,
      requestedBy: actor.personId,
      requestedAt: nowIso(),
      stage: 'department_leader',
      decisions: [],
    });
    emit('extension.requested', actor, { step, reason, proposedDueDate, currentDueDate: state.deadline?.dueDate }, [
      toDepartment(
        'extension_requested',
        `整改事项「${state.title}」申请延期至${proposedDueDate}`,
        'department_leader',
      ),
    ]);
  });

  action(decideExtensionUpdate, rules.decideExtension, async ({ actor, decision, comment }) => {
    const request = state.extensions.find((e) => e.outcome === undefined);
    if (!request) return;
    const stage = request.stage;
    request.decisions.push({ stage, decision, by: actor.personId, at: nowIso() });
    if (decision === 'reject') {
      request.outcome = 'rejected';
      emit('extension.rejected', actor, { stage, comment: comment ?? null }, [
        toDepartment('extension_rejected', `整改事项「${state.title}」的延期申请未获批准`),
      ]);
    } else if (stage === 'department_leader') {
      request.stage = 'committee';
      emit('extension.approved_by_department', actor, { comment: comment ?? null }, [
        toCommittee('extension_requested', `整改事项「${state.title}」申请延期至${request.proposedDueDate}`),
      ]);
    } else {
      const extended = await schedule({ until: request.proposedDueDate });
      request.outcome = 'approved';
      state.extensionCount += 1;
      if (request.step === 'rectify') state.rectifyDeadline = extended;
      const step = state.deadline?.step ?? request.step;
      arm(step, extended);
      emit('extension.approved', actor, { comment: comment ?? null, dueDate: extended.dueDate }, [
        toDepartment('extension_approved', `整改事项「${state.title}」延期至${extended.dueDate}`),
      ]);
    }
  });

  action(recordLookBackUpdate, rules.recordLookBack, async ({ actor, outcome, findings, rectifyWithin }) => {
    const round = currentRound(state);
    const at = nowIso();
    if (outcome === 'confirmed') {
      round.lookBack = { kind: 'confirmed', by: actor.personId, at, findings };
      state.status = 'confirmed';
      emit('look_back.confirmed', actor, { findings });
    } else {
      round.lookBack = { kind: 'relapsed', by: actor.personId, at, findings };
      emit('look_back.relapsed', actor, { findings }, [
        toDepartment('relapsed', `回头看发现整改事项「${state.title}」问题反弹，重新整改`),
      ]);
      await startRound('relapsed', rectifyWithin ?? policy.rectifyWithin);
    }
  });

  setHandler(calendarChangedSignal, () => {
    void serial.run(async () => {
      const d = state.deadline;
      const rectify = state.rectifyDeadline;
      if (rectify?.provisional && d?.step !== 'rectify') {
        state.rectifyDeadline = await scheduleDeadline(rectify.basis, true);
      }
      if (!d?.provisional) return flush();
      const recomputed = await scheduleDeadline(d.basis, true);
      if (recomputed.dueAt !== d.dueAt) {
        // A new instant: the ladder starts afresh, as with an extension.
        if (d.step === 'rectify') state.rectifyDeadline = recomputed;
        arm(d.step, recomputed);
        emit('deadline.recomputed', null, { step: d.step, from: d.dueDate, to: recomputed.dueDate });
      } else if (!recomputed.provisional) {
        // Same instant, now confirmed: steps already fired stay fired.
        d.provisional = false;
        if (d.step === 'rectify') state.rectifyDeadline = recomputed;
        emit('deadline.recomputed', null, { step: d.step, from: d.dueDate, to: recomputed.dueDate });
      }
      await flush();
    });
  });

  function assignmentNotices(): Notification[] {
    return [state.leadDepartmentId, ...state.coDepartmentIds].map((unit) =>
      to(unit, 'department_handler', 'assigned', `新交办整改事项「${state.title}」，请按期签收`),
    );
  }

  await handedOff;
  const historyLimit = input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT;
  const mustContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;

  while (!FINAL_STATUSES.includes(state.status)) {
    if (mustContinueAsNew()) {
      await drainHandlers(serial);
      if (!FINAL_STATUSES.includes(state.status)) {
        return continueAsNew<typeof rectificationWorkflow>({ ...input, carried: state });
      }
      break;
    }
    const seen = version;
    const wakeAt = nextWakeUp();
    const changed = (): boolean => version !== seen;
    if (wakeAt === null) await condition(changed);
    else if (wakeAt > Date.now()) await condition(changed, wakeAt - Date.now());
    await serial.run(fireDue);
  }
  await condition(allHandlersFinished);
  return state;
}

function initialState(input: RectificationItemInput, now: string): RectificationState {
  const assignedAt = input.assignedAt ?? now;
  return {
    itemId: input.itemId,
    title: input.title,
    status: 'assigned',
    round: 1,
    committeeUnitId: input.committeeUnitId,
    leadDepartmentId: input.leadDepartmentId,
    coDepartmentIds: [...input.coDepartmentIds],
    districtId: input.districtId ?? null,
    campaignId: input.source?.campaignId ?? null,
    rootCampaignId: input.source?.rootCampaignId ?? input.source?.campaignId ?? null,
    campaignLevel: input.source?.campaignLevel ?? null,
    assignedAt,
    deadline: null,
    rectifyDeadline: null,
    trafficLight: 'none',
    escalationLevel: 'none',
    extensionCount: 0,
    extensions: [],
    rounds: [{ round: 1, startedAt: assignedAt, reason: 'hand_off', plans: [], reports: [], completions: [] }],
    assignments: [
      {
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: [...input.coDepartmentIds],
        at: assignedAt,
        by: 'hand-off',
      },
    ],
    returns: [],
    nextReportDueAt: null,
    missedReports: 0,
    lookBackDueAt: null,
    lookBackNotified: false,
    closedAt: null,
    lastSeq: 0,
    runs: 1,
  };
}
