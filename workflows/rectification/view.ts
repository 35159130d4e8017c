import type {
  RectificationItemView,
  RectificationState,
  RectificationStatus,
  RoundRecord,
  TrafficLight,
} from '@lib/contracts';

/** States in which the workflow has nothing left to wait for. */
export const FINAL_STATUSES: readonly RectificationStatus[] = ['closed_not_feasible', 'confirmed'];
/** States in which no department action is accepted any more. */
export const CLOSED_STATUSES: readonly RectificationStatus[] = ['closed', 'closed_not_feasible', 'confirmed'];

export function trafficLight(state: RectificationState): TrafficLight {
  const deadline = state.deadline;
  if (!deadline) return 'none';
  if (deadline.overdue) return 'red';
  return deadline.warned ? 'yellow' : 'green';
}

export function currentRound(state: RectificationState): RoundRecord {
  const round = state.rounds[state.rounds.length - 1];
  if (!round) throw new Error(`item ${state.itemId} has no round`);
  return round;
}

/** The read-model row as the item stands now. */
export function itemView(state: RectificationState): RectificationItemView {
  const deadline = state.deadline;
  return {
    itemId: state.itemId,
    title: state.title,
    status: state.status,
    round: state.round,
    committeeUnitId: state.committeeUnitId,
    leadDepartmentId: state.leadDepartmentId,
    coDepartmentIds: [...state.coDepartmentIds],
    districtId: state.districtId,
    campaignId: state.campaignId,
    rootCampaignId: state.rootCampaignId ?? null,
    campaignLevel: state.campaignLevel ?? null,
    deadlineStep: deadline?.step ?? null,
    dueAt: deadline?.dueAt ?? null,
    dueDate: deadline?.dueDate ?? null,
    deadlineProvisional: deadline?.provisional ?? false,
    trafficLight: trafficLight(state),
    escalationLevel: state.escalationLevel,
    extensionCount: state.extensionCount,
    extensionPending: state.extensions.some((e) => e.outcome === undefined),
    assignedAt: state.assignedAt,
    closedAt: state.closedAt,
    lastSeq: state.lastSeq,
  };
}
