import type { UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  advancePhaseUpdate,
  campaignStateQuery,
  closeCampaignUpdate,
  handOffUpdate,
  launchLinkedUpdate,
  startLookBackUpdate,
  type Actor,
  type CampaignActivities,
  type CampaignEvent,
  type CampaignEventType,
  type CampaignInput,
  type CampaignState,
  type CampaignView,
  type RectificationActivities,
  type WorkingPhase,
} from '@lib/contracts';
import { drainHandlers, Serial } from '../shared/serial';
import { campaignRules, nextPhase } from './rules';

const { scheduleDeadline } = proxyLocalActivities<RectificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { recordCampaignEvents } = proxyLocalActivities<CampaignActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/** Fan-out runs as ordinary activities: long, heartbeating, retried by the server. */
const { handOffBatch, launchLinkedCampaigns, selectForLookBack } = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** Items started per hand-off activity call: bounded, so a retry redoes little (ARCHITECTURE §8). */
const HAND_OFF_BATCH = 500;
const DEFAULT_HISTORY_EVENT_LIMIT = 10_000;

/**
 * A supervision campaign (监督项目): its phases with their deadlines, the hand-off of its
 * problem list, the campaigns it launches one level down, and its look-back. Drawn in
 * docs/workflows.md.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignState> {
  const serial = new Serial();
  const nowIso = (): string => new Date(Date.now()).toISOString();
  const state: CampaignState = input.carried
    ? { ...input.carried, runs: input.carried.runs + 1 }
    : {
        campaignId: input.campaignId,
        phase: 'planning',
        phaseStartedAt: nowIso(),
        phaseDeadline: null,
        handOff: { running: false, requests: 0, started: 0, existing: 0, finishedAt: null },
        linked: [],
        lookBackSelected: 0,
        closedReason: null,
        lastSeq: 0,
        runs: 1,
      };
  let version = 0;
  let batch: CampaignEvent[] = [];

  const view = (): CampaignView => {
    const d = state.phaseDeadline;
    return {
      campaignId: input.campaignId,
      title: input.title,
      level: input.level,
      organiser: input.organiser,
      legalBasis: input.legalBasis ?? null,
      committeeUnitId: input.committeeUnitId,
      jurisdictionUnitId: input.jurisdictionUnitId,
      parentCampaignId: input.parentCampaignId ?? null,
      rootCampaignId: input.rootCampaignId,
      depth: input.depth,
      phase: state.phase,
      phaseDueAt: d?.dueAt ?? null,
      phaseDueDate: d?.dueDate ?? null,
      phaseLight: !d ? 'none' : d.overdue ? 'red' : d.warned ? 'yellow' : 'green',
      phases: input.phases,
      handedOff: state.handOff.started + state.handOff.existing,
      lastSeq: state.lastSeq,
    };
  };
  const emit = (
    type: CampaignEventType,
    actor: Actor | null,
    data: Record<string, unknown>,
    notify: CampaignEvent['notifications'] = [],
  ): void => {
    state.lastSeq += 1;
    batch.push({
      campaignId: input.campaignId,
      seq: state.lastSeq,
      type,
      at: nowIso(),
      actor,
      data,
      view: view(),
      notifications: notify,
    });
  };
  const flush = async (): Promise<void> => {
    const events = batch;
    batch = [];
    version += 1;
    if (events.length > 0) await recordCampaignEvents(events);
  };
  const toCommittee = (kind: string, message: string, role: 'committee_staff' | 'manager' = 'committee_staff') => ({
    kind,
    recipientUnitId: input.committeeUnitId,
    recipientRole: role,
    message,
  });

  const startPhase = async (actor: Actor | null, note?: string): Promise<void> => {
    const plan = input.phases.find((p) => p.phase === (state.phase as WorkingPhase));
    state.phaseStartedAt = nowIso();
    state.phaseDeadline = plan
      ? {
          ...(await scheduleDeadline({
            start: state.phaseStartedAt,
            period: plan.ends,
            dueSoonWorkingDays: 3,
            escalation: { reminder: 0, supervision_notice: 0, listed_supervision: 0 },
          })),
          warned: false,
          overdue: false,
        }
      : null;
    emit('campaign.phase_started', actor, {
      phase: state.phase,
      note: note ?? null,
      dueDate: state.phaseDeadline?.dueDate ?? null,
    });
  };

  // ── hand-off of the problem list, batch by batch ──────────────────────────────────────
  /** A request that arrives while a hand-off runs makes it go round once more, for findings listed since. */
  let handOffAgain = false;
  const runHandOff = async (): Promise<void> => {
    let started = 0;
    let existing = 0;
    const batchSize = input.handOffBatchSize ?? HAND_OFF_BATCH;
    for (let finished = false; !finished;) {
      handOffAgain = false;
      for (let more = true; more;) {
        const result = await handOffBatch({ campaignId: input.campaignId, batchSize });
        started += result.started;
        existing += result.existing;
        more = result.more;
      }
      // Finishing is decided in the serial queue, where hand-off requests are applied: a request
      // that waited there behind a busy step while the last batch ran is seen here, and the
      // hand-off goes round again instead of finishing past it.
      finished = await serial.run(async () => {
        if (handOffAgain) return false;
        state.handOff = {
          ...state.handOff,
          running: false,
          started: state.handOff.started + started,
          existing: state.handOff.existing + existing,
          finishedAt: nowIso(),
        };
        emit('campaign.hand_off_finished', null, { started, existing }, [
          toCommittee('hand_off_finished', `问题清单已交办：新交办${started}件`),
        ]);
        await flush();
        return true;
      });
    }
  };
  let handOffLoop: Promise<void> | null = null;

  // ── phase deadline timer ──────────────────────────────────────────────────────────────
  const nextWakeUp = (): number | null => {
    const d = state.phaseDeadline;
    if (!d || d.overdue) return null;
    return Date.parse(d.warned ? d.dueAt : d.warnAt);
  };
  const fireDue = async (): Promise<void> => {
    const d = state.phaseDeadline;
    const now = Date.now();
    if (d && !d.warned && now >= Date.parse(d.warnAt) && now < Date.parse(d.dueAt)) {
      d.warned = true;
      emit('campaign.phase_due_soon', null, { phase: state.phase, dueDate: d.dueDate }, [
        toCommittee('phase_due_soon', `监督项目「${input.title}」${state.phase}阶段将于${d.dueDate}到期`),
      ]);
    }
    if (d && !d.overdue && now >= Date.parse(d.dueAt)) {
      d.warned = true;
      d.overdue = true;
      emit('campaign.phase_overdue', null, { phase: state.phase, dueDate: d.dueDate }, [
        toCommittee('phase_overdue', `监督项目「${input.title}」${state.phase}阶段已超期`),
        toCommittee('phase_overdue', `监督项目「${input.title}」${state.phase}阶段已超期`, 'manager'),
      ]);
    }
    await flush();
  };

  // ── creation, queued before any handler can run ───────────────────────────────────────
  const created = input.carried
    ? Promise.resolve()
    : serial.run(async () => {
        emit('campaign.created', null, {
          title: input.title,
          level: input.level,
          organiser: input.organiser,
          legalBasis: input.legalBasis ?? null,
          parentCampaignId: input.parentCampaignId ?? null,
        });
        await startPhase(null);
        await flush();
      });

  // ── actions ───────────────────────────────────────────────────────────────────────────
  function action<A extends { actor: Actor }>(
    update: UpdateDefinition<CampaignView, [A], string>,
    rule: (input: CampaignInput, state: CampaignState, args: Record<string, unknown>) => void,
    apply: (args: A) => Promise<void> | void,
  ): void {
    const check = (args: A) => rule(input, state, args);
    setHandler(
      update,
      (args: A) =>
        serial.run(async () => {
          check(args);
          await apply(args);
          await flush();
          return view();
        }),
      { validator: check },
    );
  }

  setHandler(campaignStateQuery, () => state);

  action(advancePhaseUpdate, campaignRules.advancePhase, async ({ actor, note }) => {
    state.phase = nextPhase(state.phase);
    await startPhase(actor, note);
  });

  action(handOffUpdate, campaignRules.handOff, ({ actor }) => {
    state.handOff.requests += 1;
    emit('campaign.hand_off_requested', actor, { running: state.handOff.running });
    if (state.handOff.running) {
      handOffAgain = true;
    } else {
      state.handOff.running = true;
      handOffLoop = runHandOff().finally(() => (handOffLoop = null));
    }
  });

  action(launchLinkedUpdate, campaignRules.launchLinked, async ({ actor, campaigns }) => {
    const launched = await launchLinkedCampaigns(input, campaigns);
    state.linked = [...new Set([...state.linked, ...launched])];
    emit('campaign.linked_launched', actor, { campaigns: launched });
  });

  action(startLookBackUpdate, campaignRules.startLookBack, async ({ actor, sample }) => {
    const selected = await selectForLookBack({ campaignId: input.campaignId, sample });
    state.lookBackSelected = selected;
    emit('campaign.look_back_selected', actor, { selected, sample: sample ?? null }, [
      toCommittee('look_back_selected', `回头看：已选定${selected}件已销号事项`),
    ]);
  });

  action(closeCampaignUpdate, campaignRules.closeCampaign, ({ actor, reason }) => {
    state.phase = 'closed';
    state.phaseDeadline = null;
    state.closedReason = reason;
    emit('campaign.closed', actor, { reason });
  });

  // ── the campaign's life ───────────────────────────────────────────────────────────────
  await created;
  if (state.handOff.running) handOffLoop = runHandOff().finally(() => (handOffLoop = null));
  const historyLimit = input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT;
  const isClosed = (): boolean => state.phase === 'closed';

  while (!isClosed()) {
    if (!handOffLoop && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit)) {
      await drainHandlers(serial);
      if (!isClosed() && !handOffLoop) {
        return continueAsNew<typeof campaignWorkflow>({ ...input, carried: state });
      }
    }
    const seen = version;
    const wakeAt = nextWakeUp();
    const changed = (): boolean => version !== seen;
    if (wakeAt === null) await condition(changed);
    else if (wakeAt > Date.now()) await condition(changed, wakeAt - Date.now());
    await serial.run(fireDue);
  }
  if (handOffLoop) await handOffLoop;
  await condition(allHandlersFinished);
  return state;
}
