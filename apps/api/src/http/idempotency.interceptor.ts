import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@lib/audit';
import { returnedRows } from '@lib/database';
import { DomainError, ValidationError, type ErrorBody } from '@lib/errors';
import { idempotencyKey } from './idempotency-key';
import type { SignedInRequest } from './access.guard';
import { answerStatus } from './answer-status';
import { knownError } from './error.filter';

/** Routes whose service keeps its own idempotency (an upload's key is checked against its file). */
export const OWN_IDEMPOTENCY = 'supervision-loop:own-idempotency';

/** A request left unfinished this long (its process died) may be tried again. */
const ABANDONED_AFTER_MS = 60_000;
/** Stored outcomes are kept a day: long enough for any client's retries. */
const KEPT_FOR_MS = 24 * 60 * 60_000;

interface Stored {
  request_hash: string;
  status: number | null;
  response: unknown;
  created_at: Date;
}

/** Replays a stored refusal exactly as it was first answered. */
class StoredRefusal extends DomainError {
  constructor(status: number, body: ErrorBody) {
    super(body.error.code, status, body.error.message, body.error.messageZh, body.error.field);
    if (body.error.details) Object.assign(this, { details: body.error.details });
  }
}

/**
 * `Idempotency-Key` on any POST or PUT: the first request with a key acts and its outcome
 * (success or refusal) is stored with the key; a retry with the same key and body gets that
 * outcome again without acting; the same key with another body is refused; a retry while the
 * first is still running is told so. Keys belong to the account that sent them. An unexpected
 * failure stores nothing, so the retry acts. Actions on items and campaigns also pass the key
 * to Temporal as the Update id, which holds even if this table is lost.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<SignedInRequest>();
    const header = request.headers['idempotency-key'];
    const principal = request.principal;
    if (!principal || typeof header !== 'string' || !['POST', 'PUT'].includes(request.method)) return next.handle();
    if (this.reflector.get<boolean | undefined>(OWN_IDEMPOTENCY, context.getHandler())) return next.handle();
    const key = idempotencyKey(header)!;
    const defaultStatus = answerStatus(context.getHandler(), request.method);
    const hash = createHash('sha256')
      .update(canonicalJson([request.method, request.path, request.body ?? null]))
      .digest('hex');
    return from(this.run(principal.accountId, key, request, hash, defaultStatus, () => lastValueFrom(next.handle())));
  }

  private async run(
    accountId: string,
    key: string,
    request: SignedInRequest,
    hash: string,
    status: number,
    act: () => Promise<unknown>,
  ): Promise<unknown> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotent_request (account_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, key) DO NOTHING RETURNING key`,
      [accountId, key, request.method, request.path, hash],
    );
    if (claimed.length === 0) {
      const replay = await this.replay(accountId, key, hash);
      if (replay !== undefined) return replay.value;
    }
    if (Math.random() < 0.01) {
      await this.dataSource.query(`DELETE FROM idempotent_request WHERE created_at < $1`, [
        new Date(Date.now() - KEPT_FOR_MS),
      ]);
    }
    try {
      const value = await act();
      await this.store(accountId, key, status, value ?? null);
      return value;
    } catch (error) {
      const known = knownError(error);
      if (known && known[0] < 500 && known[0] !== 429) await this.store(accountId, key, known[0], known[1]);
      else
        await this.dataSource.query(`DELETE FROM idempotent_request WHERE account_id = $1 AND key = $2`, [
          accountId,
          key,
        ]);
      throw error;
    }
  }

  /** The stored outcome to answer with, or undefined when this request should act after all. */
  private async replay(accountId: string, key: string, hash: string): Promise<{ value: unknown } | undefined> {
    const [stored]: Stored[] = await this.dataSource.query(
      `SELECT request_hash, status, response, created_at FROM idempotent_request WHERE account_id = $1 AND key = $2`,
      [accountId, key],
    );
    if (!stored) return undefined;
    if (stored.request_hash !== hash) {
      throw new ValidationError([
        {
          field: 'Idempotency-Key',
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'this Idempotency-Key was used for a different request',
        },
      ]);
    }
    if (stored.status === null) {
      if (Date.now() - stored.created_at.getTime() < ABANDONED_AFTER_MS) {
        throw new DomainError(
          'IDEMPOTENCY_IN_PROGRESS',
          409,
          'a request with this Idempotency-Key is still being processed; retry shortly',
          '相同幂等键的请求正在处理中，请稍后重试',
          'Idempotency-Key',
        );
      }
      const taken: unknown[] = await this.dataSource.query(
        `UPDATE idempotent_request SET created_at = now() WHERE account_id = $1 AND key = $2 AND status IS NULL
           AND created_at = $3 RETURNING key`,
        [accountId, key, stored.created_at],
      );
      if (returnedRows(taken).length === 0) return this.replay(accountId, key, hash);
      return undefined;
    }
    if (stored.status >= 400) throw new StoredRefusal(stored.status, stored.response as ErrorBody);
    return { value: stored.response };
  }

  private async store(accountId: string, key: string, status: number, response: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotent_request SET status = $3, response = $4::jsonb, completed_at = now()
        WHERE account_id = $1 AND key = $2`,
      [accountId, key, status, JSON.stringify(response)],
    );
  }
}
