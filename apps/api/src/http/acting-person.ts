import { DomainError } from '@lib/errors';

/**
 * Who is acting and the request's idempotency key, from the headers. The person is named by
 * `X-Person-Id` until sign-in replaces it; their unit and roles always come from their record.
 */
export function actingPerson(personId: string | undefined): string {
  if (!personId)
    throw new DomainError('IDENTITY_REQUIRED', 401, 'the X-Person-Id header is required', '缺少操作人身份');
  return personId;
}

export class ActingPerson {
  static from(headers: Record<string, string | undefined>): { personId: string; idempotencyKey?: string } {
    const personId = actingPerson(headers['x-person-id']);
    const idempotencyKey = headers['idempotency-key'];
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(idempotencyKey)) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_INVALID',
        400,
        'Idempotency-Key must be 8–128 letters, digits or . _ : -',
        '幂等键格式不正确',
        'Idempotency-Key',
      );
    }
    return { personId, ...(idempotencyKey ? { idempotencyKey } : {}) };
  }
}
