import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ValidationError, type FieldProblem } from '@lib/errors';
import { canonicalTimestamp, chainHash, type ChainedFields } from './chain';
import { AUDIT_OUTCOMES, normaliseEntry, type AuditEntry, type AuditOutcome } from './entry';
import { verifyAuditLog, type AuditVerification, type VerifyOptions } from './verify';

/** Where an appended entry landed in the chain. */
export interface AppendedRecord {
  seq: number;
  at: Date;
  hash: string;
}

/** One record as the audit administrator reads it. */
export interface AuditRecordView {
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  actor: { accountId: string | null; username: string | null; personId: string | null };
  sourceIp: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  actorAccountId?: string;
  /** An exact action (`auth.login`) or a prefix ending in `.*` (`auth.*`). */
  action?: string;
  outcome?: AuditOutcome;
  /** 1 to 200; 50 when absent. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface AuditPage {
  items: AuditRecordView[];
  /** Pass it as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const AUDIT_PAGE_MAX = 200;
const AUDIT_PAGE_DEFAULT = 50;

interface HeadRow {
  seq: string;
  hash: string;
}

interface RecordRow {
  seq: string;
  at: Date;
  actor_account_id: string | null;
  actor_username: string | null;
  actor_person_id: string | null;
  source_ip: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * The security audit log (安全审计日志): append-only, hash-chained, read by the audit
 * administrator only (the route that calls `list` must check that role). See docs/audit.md.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Append one entry. With `manager`, the record is written inside the caller's transaction
   * (as a savepoint) and stands or falls with it; without, in a transaction of its own. The
   * chain head stays locked until that transaction ends, so keep the append near its end.
   */
  async append(entry: AuditEntry, manager?: EntityManager): Promise<AppendedRecord> {
    const [record] = await this.appendMany([entry], manager);
    return record;
  }

  /** Append entries in order, under one lock and one INSERT. */
  async appendMany(entries: readonly AuditEntry[], manager?: EntityManager): Promise<AppendedRecord[]> {
    if (entries.length === 0) return [];
    const now = new Date();
    const normalised = entries.map((entry) => normaliseEntry(entry, now));
    return (manager ?? this.dataSource.manager).transaction(async (tx) => {
      const heads: HeadRow[] = await tx.query(
        'SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
      );
      const head = heads[0];
      if (!head) throw new Error('audit_chain_head is missing: the audit-log migration has not run');
      let seq = Number(head.seq);
      let prevHash = head.hash;
      const rows = normalised.map((entry) => {
        seq += 1;
        const fields: ChainedFields = {
          seq,
          at: canonicalTimestamp(entry.at),
          actorAccountId: entry.actorAccountId,
          actorUsername: entry.actorUsername,
          actorPersonId: entry.actorPersonId,
          sourceIp: entry.sourceIp,
          action: entry.action,
          target: entry.target,
          outcome: entry.outcome,
          detail: JSON.parse(entry.detailJson) as unknown,
          prevHash,
        };
        const hash = chainHash(fields);
        prevHash = hash;
        return { fields, detailJson: entry.detailJson, hash };
      });
      await tx.query(
        `INSERT INTO audit_log (seq, at, actor_account_id, actor_username, actor_person_id, source_ip,
                                action, target, outcome, detail, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`,
        [
          rows.map((r) => r.fields.seq),
          rows.map((r) => r.fields.at),
          rows.map((r) => r.fields.actorAccountId),
          rows.map((r) => r.fields.actorUsername),
          rows.map((r) => r.fields.actorPersonId),
          rows.map((r) => r.fields.sourceIp),
          rows.map((r) => r.fields.action),
          rows.map((r) => r.fields.target),
          rows.map((r) => r.fields.outcome),
          rows.map((r) => r.detailJson),
          rows.map((r) => r.fields.prevHash),
          rows.map((r) => r.hash),
        ],
      );
      return rows.map((r, i) => ({ seq: r.fields.seq, at: normalised[i].at, hash: r.hash }));
    });
  }

  /** Newest first, by keyset on seq. Filters combine with AND. */
  async list(query: AuditQuery = {}): Promise<AuditPage> {
    const { limit, cursor } = checkQuery(query);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (param: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (cursor !== undefined) add((p) => `r.seq < ${p}::bigint`, cursor);
    if (query.from) add((p) => `at >= ${p}`, query.from);
    if (query.to) add((p) => `at < ${p}`, query.to);
    if (query.actorAccountId) add((p) => `actor_account_id = ${p}`, query.actorAccountId);
    if (query.action?.endsWith('.*')) add((p) => `starts_with(action, ${p})`, query.action.slice(0, -1));
    else if (query.action) add((p) => `action = ${p}`, query.action);
    if (query.outcome) add((p) => `outcome = ${p}`, query.outcome);
    params.push(limit + 1);
    const rows: RecordRow[] = await this.dataSource.query(
      `SELECT seq::text AS seq, at, actor_account_id, actor_username, actor_person_id, source_ip, action, target,
              outcome, detail, prev_hash, hash
         FROM audit_log AS r ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toView);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /** Check the whole chain; see `verifyAuditLog`. */
  verify(options?: VerifyOptions): Promise<AuditVerification> {
    return verifyAuditLog(this.dataSource, options);
  }
}

function checkQuery(query: AuditQuery): { limit: number; cursor: string | undefined } {
  const problems: FieldProblem[] = [];
  const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) {
    problems.push({
      field: 'limit',
      code: 'BAD_LIMIT',
      message: `limit must be an integer from 1 to ${AUDIT_PAGE_MAX}`,
    });
  }
  if (query.cursor !== undefined && !/^[1-9][0-9]{0,15}$/.test(query.cursor)) {
    problems.push({
      field: 'cursor',
      code: 'BAD_CURSOR',
      message: 'cursor must be a nextCursor returned by this list',
    });
  }
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime()))) {
      problems.push({ field, code: 'BAD_TIME', message: `${field} must be a valid date and time` });
    }
  }
  if (query.action !== undefined && !/^[a-z_]+(\.[a-z_-]+)*(\.\*)?$/.test(query.action)) {
    problems.push({
      field: 'action',
      code: 'BAD_ACTION',
      message: 'action must be an action name or a prefix like auth.*',
    });
  }
  if (query.outcome !== undefined && !AUDIT_OUTCOMES.includes(query.outcome)) {
    problems.push({
      field: 'outcome',
      code: 'BAD_OUTCOME',
      message: `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { limit, cursor: query.cursor };
}

function toView(row: RecordRow): AuditRecordView {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: { accountId: row.actor_account_id, username: row.actor_username, personId: row.actor_person_id },
    sourceIp: row.source_ip,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
