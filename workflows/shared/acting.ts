import { ApplicationFailure } from '@temporalio/workflow';
import { ROLES, type ActionErrorCode, type Actor, type Role } from '@lib/contracts';

/**
 * What every action's rule needs: refusing with a code, and checking the acting person and the
 * fields given. Rules run as Update validators, so a refusal never enters history.
 */
export function refuse(code: ActionErrorCode, message: string, field?: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: field ? [{ field }] : [] });
}

export function requireActor(value: unknown): Actor {
  const actor = value as Partial<Actor> | undefined;
  if (
    !actor ||
    typeof actor.personId !== 'string' ||
    typeof actor.unitId !== 'string' ||
    !Array.isArray(actor.roles) ||
    !actor.roles.every((r) => (ROLES as readonly string[]).includes(r))
  ) {
    refuse('FIELD_REQUIRED', 'the acting person is required', 'actor');
  }
  return actor as Actor;
}

export function requireRole(actor: Actor, allowed: Role[], what: string): void {
  if (!actor.roles.some((r) => allowed.includes(r))) {
    refuse('ROLE_NOT_ALLOWED', `${what} needs the role ${allowed.join(' or ')}`);
  }
}

export function requireText(value: unknown, field: string, max = 4000): string {
  if (typeof value !== 'string' || value.trim() === '') refuse('FIELD_REQUIRED', `${field} is required`, field);
  if (value.length > max) refuse('FIELD_INVALID', `${field} is longer than ${max} characters`, field);
  return value;
}
