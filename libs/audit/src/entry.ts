import { isIP } from 'node:net';
import { ValidationError, type FieldProblem } from '@lib/errors';
import { CanonicalFormError, canonicalJson, isPlainObject } from './chain';

export type AuditOutcome = 'success' | 'failure' | 'denied';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

/** Who acted. `accountId` is null for an anonymous request (e.g. a failed login of an unknown name). */
export interface AuditActor {
  accountId: string | null;
  username?: string | null;
  personId?: string | null;
}

/**
 * One thing to record. Callers must never put secrets in it (passwords, tokens, TOTP codes,
 * session cookies, keys): values under keys that look like one are replaced by `[redacted]`,
 * but that is a safety net, not a licence.
 */
export interface AuditEntry {
  actor: AuditActor;
  /** The client's address as the API sees it (IPv4 or IPv6). */
  sourceIp?: string | null;
  /** Dotted lower case, domain first: `auth.login`, `rectification.acknowledge`, `evidence.download`. */
  action: string;
  /** What was acted on, e.g. `rectification-item/zz-2024-elderly-care/F-0013`. */
  target?: string | null;
  outcome: AuditOutcome;
  /** Small facts about the event, at most `AUDIT_DETAIL_MAX_BYTES` once serialised. */
  detail?: Record<string, unknown>;
  /** When it happened; defaults to the time of the append. At most an hour in the past. */
  at?: Date;
}

export const AUDIT_ACTION_PATTERN = /^[a-z_]+(\.[a-z_-]+)+$/;
export const AUDIT_DETAIL_MAX_BYTES = 8 * 1024;
/** Enforced by the database: a row younger than this cannot be deleted. */
export const AUDIT_RETENTION_DAYS = 180;
export const REDACTED = '[redacted]';

const MAX_ACTION = 100;
const MAX_ID = 200;
const MAX_TARGET = 500;
const MAX_DETAIL_DEPTH = 16;
/** Key names (lower case, letters and digits only) whose values are never stored. */
const SECRET_KEY = /password|passwd|passphrase|secret|token|totp|apikey|authorization|cookie|privatekey|credential/;
const SECRET_KEY_EXACT = new Set(['otp', 'pin', 'pwd']);

/** An entry as it is written: every string storable, detail in canonical form. */
export interface NormalisedEntry {
  at: Date;
  actorAccountId: string | null;
  actorUsername: string | null;
  actorPersonId: string | null;
  sourceIp: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  /** The canonical JSON of `detail`, exactly what is stored and hashed. */
  detailJson: string;
}

/** Check an entry and bring it to its stored form, or throw `ValidationError` naming every bad field. */
export function normaliseEntry(entry: AuditEntry, now: Date = new Date()): NormalisedEntry {
  const problems: FieldProblem[] = [];
  const text = (field: string, value: unknown, max: number): string | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      problems.push({ field, code: 'NOT_A_STRING', message: `${field} must be a string or null` });
      return null;
    }
    const clean = storable(value);
    if (clean.length === 0 || clean.length > max) {
      problems.push({ field, code: 'BAD_LENGTH', message: `${field} must have 1 to ${max} characters` });
    }
    return clean;
  };

  const action = typeof entry.action === 'string' ? entry.action : '';
  if (!AUDIT_ACTION_PATTERN.test(action) || action.length > MAX_ACTION) {
    problems.push({
      field: 'action',
      code: 'BAD_ACTION',
      message: `action must look like domain.verb (${AUDIT_ACTION_PATTERN.source}), at most ${MAX_ACTION} characters`,
    });
  }
  if (!AUDIT_OUTCOMES.includes(entry.outcome)) {
    problems.push({
      field: 'outcome',
      code: 'BAD_OUTCOME',
      message: `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`,
    });
  }
  if (typeof entry.actor !== 'object' || entry.actor === null) {
    problems.push({ field: 'actor', code: 'MISSING_ACTOR', message: 'actor is required (accountId may be null)' });
  }
  const actor: Partial<AuditActor> = entry.actor ?? {};
  const actorAccountId = text('actor.accountId', actor.accountId, MAX_ID);
  const actorUsername = text('actor.username', actor.username, MAX_ID);
  const actorPersonId = text('actor.personId', actor.personId, MAX_ID);
  const target = text('target', entry.target, MAX_TARGET);
  const sourceIp = text('sourceIp', entry.sourceIp, 64);
  if (sourceIp !== null && isIP(sourceIp) === 0) {
    problems.push({ field: 'sourceIp', code: 'BAD_IP', message: 'sourceIp must be an IPv4 or IPv6 address' });
  }

  const at = entry.at ?? now;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    problems.push({ field: 'at', code: 'BAD_TIME', message: 'at must be a valid Date' });
  }

  let detailJson = '{}';
  if (entry.detail !== undefined && entry.detail !== null) {
    try {
      if (!isPlainObject(entry.detail)) throw new CanonicalFormError('detail must be a plain object');
      detailJson = canonicalJson(toStorableJson(entry.detail, 0, new Set()));
      const bytes = Buffer.byteLength(detailJson, 'utf8');
      if (bytes > AUDIT_DETAIL_MAX_BYTES) {
        problems.push({
          field: 'detail',
          code: 'DETAIL_TOO_LARGE',
          message: `detail is ${bytes} bytes once serialised; at most ${AUDIT_DETAIL_MAX_BYTES} are kept`,
        });
      }
    } catch (error) {
      if (!(error instanceof CanonicalFormError)) throw error;
      problems.push({ field: 'detail', code: 'BAD_DETAIL', message: error.message });
    }
  }

  if (problems.length > 0) throw new ValidationError(problems);
  return {
    at,
    actorAccountId,
    actorUsername,
    actorPersonId,
    sourceIp,
    action,
    target,
    outcome: entry.outcome,
    detailJson,
  };
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, nor a lone UTF-16 surrogate in jsonb: both
 * become U+FFFD, so that what is hashed is what can be read back.
 */
export function storable(value: string): string {
  return value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * A one-character key that JSON writes escaped (`"`, a backslash, a control character) is
 * stored spelled out, e.g. the six characters `\u0022`. Node 24's JSON.parse can return the
 * wrong key for such an escaped one-character key (it may read `\n` as a backslash once it has
 * seen a backslash key in that position), and what cannot be read back faithfully cannot be
 * verified.
 */
export function storableKey(key: string): string {
  const clean = storable(key);
  if (clean.length !== 1) return clean;
  const code = clean.charCodeAt(0);
  return code < 0x20 || clean === '"' || clean === '\\' ? `\\u${code.toString(16).padStart(4, '0')}` : clean;
}

function isSecretKey(key: string): boolean {
  const plain = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY.test(plain) || SECRET_KEY_EXACT.has(plain);
}

/** JSON data as it will be read back: dates as ISO text, secrets redacted, strings storable. */
function toStorableJson(value: unknown, depth: number, path: Set<object>): unknown {
  if (depth > MAX_DETAIL_DEPTH) throw new CanonicalFormError(`detail is nested deeper than ${MAX_DETAIL_DEPTH} levels`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return storable(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalFormError(`detail holds ${value}, which JSON cannot carry`);
    return value === 0 ? 0 : value; // -0 reads back as 0
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CanonicalFormError('detail holds an invalid Date');
    return value.toISOString();
  }
  if (typeof value !== 'object') throw new CanonicalFormError(`detail holds a ${typeof value}, which is not JSON`);
  if (path.has(value)) throw new CanonicalFormError('detail refers to itself');
  path.add(value);
  try {
    if (Array.isArray(value)) {
      // JSON turns missing array values into null.
      return Array.from(value, (item: unknown) => (item === undefined ? null : toStorableJson(item, depth + 1, path)));
    }
    if (!isPlainObject(value)) throw new CanonicalFormError('detail holds an object that is not plain data');
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const name = storableKey(key);
      out[name] = isSecretKey(name) ? REDACTED : toStorableJson(item, depth + 1, path);
    }
    return out;
  } finally {
    path.delete(value);
  }
}
