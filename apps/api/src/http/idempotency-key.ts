import { DomainError } from '@lib/errors';

/**
 * The request's `Idempotency-Key`, checked for shape. With it, a retried request is answered
 * with the first outcome instead of acting twice.
 */
export function idempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(value)) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_INVALID',
      400,
      'Idempotency-Key must be 8–128 letters, digits or . _ : -',
      '幂等键格式不正确',
      'Idempotency-Key',
    );
  }
  return value;
}
