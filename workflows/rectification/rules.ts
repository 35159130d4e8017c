import {
  isLocalDateString,
  isPeriodSpec,
  type Actor,
  type RectificationState,
  type RectificationStatus,
  type Role,
} from '@lib/contracts';
import { refuse, requireActor, requireRole, requireText } from '../shared/acting';
import { CLOSED_STATUSES } from './view';

/**
 * The rules an action on an item must pass before it is accepted. They run as Update
 * validators, so a refused action is answered at once with its code and never enters the
 * item's history. Each throws; returning means the action may proceed.
 */

const DEPARTMENT_ROLES: Role[] = ['department_handler', 'department_leader'];

/** A closed item refuses everything but what is allowed on it, whoever asks. */
function gate(state: RectificationState, allowed: RectificationStatus[], what: string): void {
  if (CLOSED_STATUSES.includes(state.status) && !allowed.includes(state.status)) {
    refuse('ITEM_CLOSED', `item ${state.itemId} is ${state.status}; ${what} is no longer possible`);
  }
}

function requireStatus(state: RectificationState, allowed: RectificationStatus[], what: string): void {
  if (!allowed.includes(state.status)) {
    refuse('INVALID_STATE', `${what} is not possible while the item is ${state.status}`);
  }
}

function optionalText(value: unknown, field: string): void {
  if (value !== undefined && value !== null) requireText(value, field);
}

/** The lead department acts for the item; co-operating departments only report progress. */
export function asLeadDepartment(state: RectificationState, args: unknown, what: string): Actor {
  const actor = requireActor((args as { actor?: unknown } | undefined)?.actor);
  requireRole(actor, DEPARTMENT_ROLES, what);
  if (actor.unitId !== state.leadDepartmentId) {
    refuse('UNIT_NOT_RESPONSIBLE', `only the lead department ${state.leadDepartmentId} may ${what}`);
  }
  return actor;
}

export function asDepartment(state: RectificationState, args: unknown, what: string): Actor {
  const actor = requireActor((args as { actor?: unknown } | undefined)?.actor);
  requireRole(actor, DEPARTMENT_ROLES, what);
  if (actor.unitId !== state.leadDepartmentId && !state.coDepartmentIds.includes(actor.unitId)) {
    refuse('UNIT_NOT_RESPONSIBLE', `unit ${actor.unitId} is neither lead nor co-operating department`);
  }
  return actor;
}

export function asCommittee(
  state: RectificationState,
  args: unknown,
  what: string,
  role: Role = 'committee_staff',
): Actor {
  const actor = requireActor((args as { actor?: unknown } | undefined)?.actor);
  requireRole(actor, [role], what);
  if (actor.unitId !== state.committeeUnitId) {
    refuse('UNIT_NOT_RESPONSIBLE', `only the supervising committee ${state.committeeUnitId} may ${what}`);
  }
  return actor;
}

type Args = Record<string, unknown>;

export const rules = {
  acknowledge: (state: RectificationState, a: Args): void => {
    gate(state, ['assigned'], 'acknowledging');
    asLeadDepartment(state, a, 'acknowledge');
    requireStatus(state, ['assigned'], 'acknowledging');
    optionalText(a.note, 'note');
  },
  returnItem: (state: RectificationState, a: Args): void => {
    gate(state, ['assigned'], 'returning');
    asLeadDepartment(state, a, 'return the item');
    requireStatus(state, ['assigned'], 'returning');
    requireText(a.reason, 'reason');
  },
  reassign: (state: RectificationState, a: Args): void => {
    gate(state, ['returned'], 'reassigning');
    asCommittee(state, a, 'reassign');
    requireStatus(state, ['returned'], 'reassigning');
    requireText(a.leadDepartmentId, 'leadDepartmentId', 200);
    if (a.coDepartmentIds !== undefined) {
      if (!Array.isArray(a.coDepartmentIds) || !a.coDepartmentIds.every((d) => typeof d === 'string' && d !== '')) {
        refuse('FIELD_INVALID', 'coDepartmentIds must be a list of unit ids', 'coDepartmentIds');
      }
      if ((a.coDepartmentIds as string[]).includes(a.leadDepartmentId as string)) {
        refuse('FIELD_INVALID', 'the lead department cannot also co-operate', 'coDepartmentIds');
      }
    }
    optionalText(a.reason, 'reason');
  },
  submitPlan: (state: RectificationState, a: Args): void => {
    gate(state, ['acknowledged', 'plan_revision'], 'submitting a plan');
    asLeadDepartment(state, a, 'submit a plan');
    requireStatus(state, ['acknowledged', 'plan_revision'], 'submitting a plan');
    requireText(a.summary, 'summary');
    if (!Array.isArray(a.measures) || a.measures.length === 0) {
      refuse('FIELD_REQUIRED', 'a plan needs at least one measure', 'measures');
    }
    (a.measures as unknown[]).forEach((m, i) => requireText(m, `measures[${i}]`));
  },
  reviewPlan: (state: RectificationState, a: Args): void => {
    gate(state, ['plan_submitted'], 'reviewing a plan');
    asCommittee(state, a, 'review a plan');
    requireStatus(state, ['plan_submitted'], 'reviewing a plan');
    if (a.decision !== 'approve' && a.decision !== 'revise') {
      refuse('FIELD_INVALID', 'decision must be approve or revise', 'decision');
    }
    if (a.decision === 'revise') requireText(a.comment, 'comment');
    else optionalText(a.comment, 'comment');
  },
  reportProgress: (state: RectificationState, a: Args): void => {
    gate(state, ['in_progress'], 'reporting progress');
    asDepartment(state, a, 'report progress');
    requireStatus(state, ['in_progress'], 'reporting progress');
    requireText(a.summary, 'summary');
    const p = a.percentComplete;
    if (p !== undefined && (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100)) {
      refuse('FIELD_INVALID', 'percentComplete must be between 0 and 100', 'percentComplete');
    }
  },
  submitCompletion: (state: RectificationState, a: Args): void => {
    gate(state, ['in_progress'], 'submitting completion');
    asLeadDepartment(state, a, 'submit completion');
    requireStatus(state, ['in_progress'], 'submitting completion');
    requireText(a.summary, 'summary');
    if (!Array.isArray(a.evidence) || a.evidence.length === 0) {
      refuse('FIELD_REQUIRED', 'completion needs evidence', 'evidence');
    }
    (a.evidence as unknown[]).forEach((e, i) => {
      const ref = (e ?? {}) as Args;
      requireText(ref.name, `evidence[${i}].name`, 500);
      requireText(ref.uri, `evidence[${i}].uri`, 2000);
    });
  },
  verifyCompletion: (state: RectificationState, a: Args): void => {
    gate(state, ['completion_submitted'], 'verifying completion');
    asCommittee(state, a, 'verify completion');
    requireStatus(state, ['completion_submitted'], 'verifying completion');
    if (a.decision !== 'accept' && a.decision !== 'send_back') {
      refuse('FIELD_INVALID', 'decision must be accept or send_back', 'decision');
    }
    if (a.decision === 'send_back') requireText(a.comment, 'comment');
    else optionalText(a.comment, 'comment');
    if (a.rectifyWithin !== undefined && !isPeriodSpec(a.rectifyWithin)) {
      refuse('FIELD_INVALID', 'rectifyWithin is not a valid period', 'rectifyWithin');
    }
  },
  closeNotFeasible: (state: RectificationState, a: Args): void => {
    gate(
      state,
      ['acknowledged', 'plan_submitted', 'plan_revision', 'in_progress', 'completion_submitted'],
      'closing as not feasible',
    );
    asCommittee(state, a, 'close an item as not feasible', 'manager');
    requireStatus(
      state,
      ['acknowledged', 'plan_submitted', 'plan_revision', 'in_progress', 'completion_submitted'],
      'closing as not feasible',
    );
    requireText(a.reason, 'reason');
    requireText(a.approvalRef, 'approvalRef', 200);
  },
  requestExtension: (state: RectificationState, a: Args, now: number): void => {
    gate(state, ['acknowledged', 'plan_revision', 'in_progress'], 'requesting an extension');
    asLeadDepartment(state, a, 'request an extension');
    requireStatus(state, ['acknowledged', 'plan_revision', 'in_progress'], 'requesting an extension');
    const deadline = state.deadline;
    if (!deadline || deadline.step === 'acknowledge') {
      refuse('INVALID_STATE', 'there is no plan or rectification deadline to extend');
    }
    if (state.extensions.some((e) => e.outcome === undefined)) {
      refuse('EXTENSION_PENDING', 'an extension request is already waiting for a decision');
    }
    if (now >= Date.parse(deadline.dueAt)) {
      refuse('DEADLINE_PASSED', `an extension must be requested before the deadline ${deadline.dueDate}`);
    }
    requireText(a.reason, 'reason');
    if (typeof a.proposedDueDate !== 'string' || !isLocalDateString(a.proposedDueDate)) {
      refuse('FIELD_REQUIRED', 'proposedDueDate (YYYY-MM-DD) is required', 'proposedDueDate');
    }
    if (a.proposedDueDate <= deadline.dueDate) {
      refuse(
        'FIELD_INVALID',
        `proposedDueDate must be after the current deadline ${deadline.dueDate}`,
        'proposedDueDate',
      );
    }
  },
  decideExtension: (state: RectificationState, a: Args): void => {
    const pending = state.extensions.find((e) => e.outcome === undefined);
    if (CLOSED_STATUSES.includes(state.status)) refuse('ITEM_CLOSED', `item ${state.itemId} is ${state.status}`);
    if (!pending) refuse('NO_EXTENSION_PENDING', 'no extension request is waiting for a decision');
    if (pending.stage === 'department_leader') {
      const actor = asLeadDepartment(state, a, 'decide an extension for the department');
      if (!actor.roles.includes('department_leader')) {
        refuse('ROLE_NOT_ALLOWED', 'the department leader decides first on an extension');
      }
    } else {
      asCommittee(state, a, 'decide an extension');
    }
    if (a.decision !== 'approve' && a.decision !== 'reject') {
      refuse('FIELD_INVALID', 'decision must be approve or reject', 'decision');
    }
    optionalText(a.comment, 'comment');
  },
  recordLookBack: (state: RectificationState, a: Args): void => {
    gate(state, ['closed'], 'recording a look-back');
    asCommittee(state, a, 'record a look-back');
    requireStatus(state, ['closed'], 'recording a look-back');
    if (a.outcome !== 'confirmed' && a.outcome !== 'relapsed') {
      refuse('FIELD_INVALID', 'outcome must be confirmed or relapsed', 'outcome');
    }
    requireText(a.findings, 'findings');
    if (a.rectifyWithin !== undefined && !isPeriodSpec(a.rectifyWithin)) {
      refuse('FIELD_INVALID', 'rectifyWithin is not a valid period', 'rectifyWithin');
    }
  },
} satisfies Record<string, (state: RectificationState, args: Args, now: number) => void>;
