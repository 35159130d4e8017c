import { HTTP_CODE_METADATA } from '@nestjs/common/constants';

/**
 * The status a handler answers with when it succeeds: its `@HttpCode`, else Nest's default
 * (201 for POST, 200 for everything else). Nest applies it only after the interceptors have run,
 * so those that keep or record the answer (idempotency, the audit trail) and the OpenAPI
 * document read it here.
 */
export function answerStatus(handler: object, method: string): number {
  return (
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (method.toUpperCase() === 'POST' ? 201 : 200)
  );
}
