import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  CanonicalFormError,
  GENESIS_HASH,
  canonicalJson,
  canonicalRecord,
  chainHash,
  type ChainedFields,
} from './chain';

const record = (over: Partial<ChainedFields> = {}): ChainedFields => ({
  seq: 1,
  at: '2025-03-01T08:00:00.000Z',
  actorAccountId: 'acc-1',
  actorUsername: 'wang.staff',
  actorPersonId: null,
  sourceIp: '10.0.0.7',
  action: 'auth.login',
  target: null,
  outcome: 'success',
  detail: { method: 'password', mfa: true },
  prevHash: GENESIS_HASH,
  ...over,
});

/** Shuffle an object's keys, all the way down, as PostgreSQL's jsonb does (differently). */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v)]));
}

describe('canonical serialisation', () => {
  it('sorts keys at every depth and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });

  it('is the same whatever order the keys come in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reorder(value))).toBe(canonicalJson(value));
      }),
    );
  });

  it('keeps numbers as JavaScript prints them, so re-parsing changes nothing', () => {
    for (const n of [0, 1, -1, 0.1 + 0.2, 1e21, 1e-7, 2 ** 60, Number.MAX_SAFE_INTEGER, 5e-324]) {
      const text = canonicalJson({ n });
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }
  });

  it('leaves out undefined object values and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalFormError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(CanonicalFormError);
    expect(() => canonicalJson({ b: 10n })).toThrow(CanonicalFormError);
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 100; i += 1) cursor = cursor.next = {};
    expect(() => canonicalJson(deep)).toThrow(/deeper/);
  });

  it('treats a key named __proto__ as data', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"x":1},"a":2}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});

describe('chain hash', () => {
  it('is sha256 over prev_hash, a newline and the canonical record with every column', () => {
    const fields = record();
    const text = canonicalRecord(fields);
    expect(text).toBe(
      '{"action":"auth.login","actor_account_id":"acc-1","actor_person_id":null,"actor_username":"wang.staff",' +
        '"at":"2025-03-01T08:00:00.000Z","detail":{"method":"password","mfa":true},"outcome":"success",' +
        `"prev_hash":"${GENESIS_HASH}","seq":1,"source_ip":"10.0.0.7","target":null}`,
    );
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${text}`).digest('hex');
    expect(chainHash(fields)).toBe(expected);
    expect(chainHash(fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of detail keys', () => {
    expect(chainHash(record({ detail: { mfa: true, method: 'password' } }))).toBe(chainHash(record()));
  });

  it('changes with every field', () => {
    const base = chainHash(record());
    const variants: Partial<ChainedFields>[] = [
      { seq: 2 },
      { at: '2025-03-01T08:00:00.001Z' },
      { actorAccountId: null },
      { actorUsername: 'li.staff' },
      { actorPersonId: 'p-1' },
      { sourceIp: '10.0.0.8' },
      { action: 'auth.logout' },
      { target: 'account/acc-1' },
      { outcome: 'failure' },
      { detail: { method: 'password', mfa: false } },
      { prevHash: 'f'.repeat(64) },
    ];
    const hashes = variants.map((v) => chainHash(record(v)));
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
  });

  it('does not let a null and the string "null" collide', () => {
    expect(chainHash(record({ target: null }))).not.toBe(chainHash(record({ target: 'null' })));
  });
});
