import {
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { AuditService, type AuditActor, type AuditEntry, type AuditOutcome } from '@lib/audit';
import type { Principal } from '@lib/contracts';
import { answerStatus } from './answer-status';

export const AUDIT = 'supervision-loop:audit';

/**
 * How a route appears in the audit trail. Every request that changes something is recorded
 * without this; it names the action, says which body fields are safe and useful to keep (never
 * secrets), and marks reads that must be recorded too (evidence, the audit log itself).
 */
export interface AuditSpec {
  action?: string;
  /** Record GET requests to this route as well. */
  reads?: boolean;
  /** Body fields kept in the record's detail. */
  keep?: string[];
  /** The body field naming who tried to sign in, when nobody is signed in yet. */
  usernameField?: string;
}

export const Audited = (spec: AuditSpec) => SetMetadata(AUDIT, spec);

/** What the access guard learnt about the request, for the audit trail. */
export interface RouteInfo {
  controller: string;
  handler: string;
  audit?: AuditSpec;
}

export type AuditedRequest = Request & {
  principal?: Principal;
  routeInfo?: RouteInfo;
  /** Who a public route found the caller to be (a successful sign-in). */
  auditActor?: AuditActor;
  /** Set once the request's record is in the trail (a completed write, before its answer). */
  auditRecorded?: boolean;
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 401 || status === 403 || status === 404 || status === 423 || status === 429) return 'denied';
  return 'failure';
}

function snake(name: string): string {
  return name
    .replace(/Controller$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `rectification_items.act.acknowledge`: the controller, the handler and any `:action`. */
function actionOf(route: RouteInfo, params: Record<string, string | undefined>): string {
  if (route.audit?.action) return route.audit.action;
  const verb = params.action && /^[a-z-]{1,40}$/.test(params.action) ? `.${params.action}` : '';
  return `${snake(route.controller)}.${snake(route.handler)}${verb}`;
}

/** What the request named: its path parameters, in the route's order (cut to fit the record). */
function targetOf(params: Record<string, string | undefined>): string | null {
  const named = Object.entries(params).filter(([key, value]) => key !== 'action' && value);
  return named.length > 0
    ? named
        .map(([key, value]) => `${key}=${value}`)
        .join(' ')
        .slice(0, 500)
    : null;
}

/**
 * A body field as the record keeps it: short text and numbers as they are, a short list of
 * them likewise, anything else only by its kind — the record must fit whatever was sent.
 */
function kept(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (
    Array.isArray(value) &&
    value.length <= 20 &&
    value.every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    return value.map(kept);
  }
  return `[${Array.isArray(value) ? 'array' : typeof value} omitted]`;
}

/**
 * Appends the trail's records in batches, one batch at a time: under load, requests finish
 * faster than records can be appended one transaction each, and a record per transaction would
 * hold a database connection per request. Each record keeps the instant it was made. `add`
 * answers once the record's batch is in the log, so a caller that must not go on before its
 * record is kept (a change, before it is reported done) waits for that, and shares the
 * transaction with whatever else was queued meanwhile. A batch refused as a whole (one malformed
 * record) is appended record by record, so only that one is lost, and loudly. Whatever is queued
 * is written before the API shuts down.
 */
@Injectable()
export class AuditTrailWriter implements BeforeApplicationShutdown {
  private static readonly MAX_BATCH = 200;
  private readonly logger = new Logger('Audit');
  private readonly queue: { entry: AuditEntry; kept: () => void }[] = [];
  private draining: Promise<void> | null = null;

  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  /** Queue a record; the answer resolves once it is in the log, or has been reported lost. */
  add(entry: AuditEntry): Promise<void> {
    return new Promise<void>((kept) => {
      this.queue.push({ entry: { ...entry, at: entry.at ?? new Date() }, kept });
      this.startDraining();
    });
  }

  private startDraining(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      // A record queued after the last batch was taken but before this ran still needs a drain.
      if (this.queue.length > 0) this.startDraining();
    });
  }

  /** Resolves once everything queued so far is in the log (or reported as lost). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.flush();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, AuditTrailWriter.MAX_BATCH);
      try {
        await this.audit.appendMany(batch.map((queued) => queued.entry));
      } catch {
        for (const { entry } of batch) {
          await this.audit
            .append(entry)
            .catch((error: unknown) =>
              this.logger.error(
                `could not append to the audit log (${entry.action}): ${error instanceof Error ? error.message : String(error)}`,
              ),
            );
        }
      }
      for (const { kept } of batch) kept();
    }
  }
}

/** The record of a request that got `status`, as the trail keeps it. */
function entryOf(req: AuditedRequest, route: RouteInfo, status: number, res: Response): AuditEntry {
  const params = (req.params ?? {}) as Record<string, string | undefined>;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const keptFields = Object.fromEntries(
    (route.audit?.keep ?? []).filter((field) => body[field] !== undefined).map((field) => [field, kept(body[field])]),
  );
  const principal = req.principal;
  const username = route.audit?.usernameField ? body[route.audit.usernameField] : undefined;
  const errorCode = (res.locals as { errorCode?: string }).errorCode;
  return {
    actor: principal
      ? { accountId: principal.accountId, username: principal.username, personId: principal.personId }
      : (req.auditActor ?? {
          accountId: null,
          username: typeof username === 'string' && username.trim() ? username.trim().slice(0, 64) : null,
        }),
    sourceIp: req.ip ?? null,
    action: actionOf(route, params),
    target: targetOf(params),
    outcome: outcomeOf(status),
    detail: {
      method: req.method,
      route: (req.route as { path?: string } | undefined)?.path ?? req.path.slice(0, 200),
      status,
      ...(errorCode ? { error: errorCode } : {}),
      ...keptFields,
    },
  };
}

/**
 * A change is in the audit trail before it is reported done: for every write a handler
 * completes, the record is appended (with its batch) before the answer is sent. A crash can
 * then lose the answer but never leave a reported change unrecorded. Writes refused, and the
 * reads the trail keeps, are recorded after their answer by the middleware below.
 */
@Injectable()
export class AuditBeforeAnswer implements NestInterceptor {
  constructor(@Inject(AuditTrailWriter) private readonly writer: AuditTrailWriter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuditedRequest>();
    const route = req.routeInfo;
    if (!route || !WRITES.has(req.method)) return next.handle();
    const status = answerStatus(context.getHandler(), req.method);
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        await this.writer.add(entryOf(req, route, status, res));
        req.auditRecorded = true;
        return value;
      }),
    );
  }
}

/**
 * The audit trail (审计日志): record who (the signed-in account, or the user name a sign-in
 * tried), when, what (action, target, route), from where (the client address) and the outcome,
 * for every request that changes something or tries to, every denied request, and every read of
 * evidence or of the log itself. A completed write is recorded before its answer
 * (`AuditBeforeAnswer`); everything else once its response is over, appended after the answer
 * so that a slow log never holds a refusal or a read up.
 *
 * "Over" is the response's `close`, which always comes: `finish` does not when the connection
 * goes before the last bytes are handed on (a client that has read a file's full length and
 * hangs up, a download cut short), and a read of evidence is recorded all the same — marked
 * `aborted` when the answer was not sent in full.
 */
export function auditTrail(writer: AuditTrailWriter) {
  return (req: AuditedRequest, res: Response, next: NextFunction): void => {
    res.once('close', () => {
      const route = req.routeInfo;
      if (!route || req.auditRecorded) return; // not one of ours, or recorded before the answer
      const status = res.statusCode;
      if (!WRITES.has(req.method) && !route.audit?.reads && outcomeOf(status) !== 'denied') return;
      const entry = entryOf(req, route, status, res);
      if (!res.writableFinished) entry.detail = { ...entry.detail, aborted: true };
      void writer.add(entry);
    });
    next();
  };
}
