import { createHash } from 'node:crypto';

/** `prev_hash` of the first record ever written (seq 1). */
export const GENESIS_HASH = '0'.repeat(64);

/** What a record's hash covers: every column of `audit_log` except `hash` itself. */
export interface ChainedFields {
  seq: number;
  /** ISO-8601 in UTC with milliseconds, as `canonicalTimestamp` writes it. */
  at: string;
  actorAccountId: string | null;
  actorUsername: string | null;
  actorPersonId: string | null;
  sourceIp: string | null;
  action: string;
  target: string | null;
  outcome: string;
  /** A JSON value made only of plain objects, arrays, strings, finite numbers, booleans, null. */
  detail: unknown;
  prevHash: string;
}

/** Thrown for a value that has no canonical JSON form. */
export class CanonicalFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalFormError';
  }
}

const MAX_DEPTH = 64;

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, no white space, numbers as
 * JavaScript prints them, keys whose value is `undefined` left out (as JSON.stringify does).
 * PostgreSQL's jsonb keeps neither key order nor number spelling, but parsing what it returns
 * and serialising again gives the same text, because JavaScript numbers survive jsonb exactly.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalFormError(`nested deeper than ${MAX_DEPTH} levels`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalFormError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item: unknown) => write(item, depth + 1)).join(',')}]`;
      if (!isPlainObject(value)) throw new CanonicalFormError(`${describe(value)} is not a plain object`);
      return `{${Object.keys(value)
        .sort()
        .filter((key) => value[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${write(value[key], depth + 1)}`)
        .join(',')}}`;
    default:
      throw new CanonicalFormError(`a ${typeof value} is not JSON`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: object): string {
  return (value.constructor as { name?: string } | undefined)?.name ?? 'object';
}

/** ISO-8601, UTC, milliseconds: `2025-03-01T08:00:00.000Z`. */
export function canonicalTimestamp(at: Date): string {
  return at.toISOString();
}

/** The text a record's hash is taken over (without the `prev_hash` prefix). */
export function canonicalRecord(fields: ChainedFields): string {
  if (!Number.isSafeInteger(fields.seq) || fields.seq < 1) throw new CanonicalFormError(`bad seq ${fields.seq}`);
  // Column names as keys, already in sorted order; every column present, nulls explicit.
  return [
    `{"action":${JSON.stringify(fields.action)}`,
    `"actor_account_id":${canonicalJson(fields.actorAccountId)}`,
    `"actor_person_id":${canonicalJson(fields.actorPersonId)}`,
    `"actor_username":${canonicalJson(fields.actorUsername)}`,
    `"at":${JSON.stringify(fields.at)}`,
    `"detail":${canonicalJson(fields.detail)}`,
    `"outcome":${JSON.stringify(fields.outcome)}`,
    `"prev_hash":${JSON.stringify(fields.prevHash)}`,
    `"seq":${fields.seq}`,
    `"source_ip":${canonicalJson(fields.sourceIp)}`,
    `"target":${canonicalJson(fields.target)}}`,
  ].join(',');
}

/** `sha256_hex(prev_hash + "\n" + canonical(record))`. */
export function chainHash(fields: ChainedFields): string {
  return createHash('sha256')
    .update(`${fields.prevHash}\n${canonicalRecord(fields)}`, 'utf8')
    .digest('hex');
}
