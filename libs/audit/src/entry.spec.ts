import fc from 'fast-check';
import { ValidationError } from '@lib/errors';
import { canonicalJson } from './chain';
import { AUDIT_DETAIL_MAX_BYTES, REDACTED, normaliseEntry, storable, storableKey, type AuditEntry } from './entry';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: { accountId: 'acc-1', username: 'wang.staff' },
  sourceIp: '127.0.0.1',
  action: 'auth.login',
  outcome: 'success',
  ...over,
});

/** What jsonb gives back: keys by length then bytes, white space after separators. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}

function problemsOf(input: AuditEntry): { field: string; code: string }[] {
  try {
    normaliseEntry(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map(({ field, code }) => ({ field, code }));
    throw error;
  }
  return [];
}

describe('normaliseEntry', () => {
  const now = new Date('2025-03-01T08:00:00.123Z');

  it('fills defaults and writes detail in canonical form', () => {
    const normalised = normaliseEntry(entry({ detail: { b: 2, a: [1, undefined], when: new Date(0) } }), now);
    expect(normalised).toEqual({
      at: now,
      actorAccountId: 'acc-1',
      actorUsername: 'wang.staff',
      actorPersonId: null,
      sourceIp: '127.0.0.1',
      action: 'auth.login',
      target: null,
      outcome: 'success',
      detailJson: '{"a":[1,null],"b":2,"when":"1970-01-01T00:00:00.000Z"}',
    });
  });

  it('accepts the action names the system uses and refuses others', () => {
    for (const action of ['auth.login', 'rectification.acknowledge', 'evidence.download', 'account.roles_changed']) {
      expect(problemsOf(entry({ action }))).toEqual([]);
    }
    for (const action of ['login', 'Auth.login', 'auth.', 'auth login', 'auth.login;drop', 'a.'.repeat(60) + 'b']) {
      expect(problemsOf(entry({ action }))).toEqual([{ field: 'action', code: 'BAD_ACTION' }]);
    }
  });

  it('names every bad field at once', () => {
    const bad = {
      actor: { accountId: '' },
      sourceIp: 'not-an-ip',
      action: 'x',
      outcome: 'maybe',
      at: new Date(Number.NaN),
    } as unknown as AuditEntry;
    expect(problemsOf(bad).map((p) => p.field)).toEqual(['action', 'outcome', 'actor.accountId', 'sourceIp', 'at']);
  });

  it('takes IPv4 and IPv6 source addresses', () => {
    expect(problemsOf(entry({ sourceIp: '::ffff:10.1.2.3' }))).toEqual([]);
    expect(problemsOf(entry({ sourceIp: '2001:db8::1' }))).toEqual([]);
    expect(problemsOf(entry({ sourceIp: null }))).toEqual([]);
  });

  it('redacts values under keys that look like secrets, at any depth', () => {
    const { detailJson } = normaliseEntry(
      entry({
        detail: {
          password: 'hunter2',
          newPassword: 'x',
          nested: { access_token: 't', 'X-Api-Key': 'k', totpCode: '123456', otp: '1', note: 'kept' },
          list: [{ client_secret: 's' }],
        },
      }),
      now,
    );
    const detail = JSON.parse(detailJson) as Record<string, unknown>;
    expect(detail).toEqual({
      password: REDACTED,
      newPassword: REDACTED,
      nested: { access_token: REDACTED, 'X-Api-Key': REDACTED, totpCode: REDACTED, otp: REDACTED, note: 'kept' },
      list: [{ client_secret: REDACTED }],
    });
    expect(detailJson).not.toMatch(/hunter2|123456/);
  });

  it('caps the serialised size of detail', () => {
    const big = { text: 'x'.repeat(AUDIT_DETAIL_MAX_BYTES) };
    expect(problemsOf(entry({ detail: big }))).toEqual([{ field: 'detail', code: 'DETAIL_TOO_LARGE' }]);
    // Multi-byte characters count as bytes, not as characters.
    const wide = { text: '审'.repeat(Math.ceil(AUDIT_DETAIL_MAX_BYTES / 3)) };
    expect(problemsOf(entry({ detail: wide }))).toEqual([{ field: 'detail', code: 'DETAIL_TOO_LARGE' }]);
    expect(problemsOf(entry({ detail: { text: 'x'.repeat(AUDIT_DETAIL_MAX_BYTES - 20) } }))).toEqual([]);
  });

  it('refuses detail that is not plain JSON data', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const detail of [cyclic, { n: Number.POSITIVE_INFINITY }, { m: new Map() }, { f: () => 1 }, []]) {
      expect(problemsOf(entry({ detail: detail as Record<string, unknown> }))).toEqual([
        { field: 'detail', code: 'BAD_DETAIL' },
      ]);
    }
    // The same object twice is not a cycle.
    const shared = { a: 1 };
    expect(problemsOf(entry({ detail: { x: shared, y: shared } }))).toEqual([]);
  });

  it('makes strings storable in PostgreSQL: no NUL, no lone surrogate', () => {
    expect(storable('a\u0000b')).toBe('a\ufffdb');
    expect(storable('\ud800x\udc00')).toBe('\ufffdx\ufffd');
    expect(storable('审计😀')).toBe('审计😀');
    const { target, detailJson } = normaliseEntry(entry({ target: 'item\u0000', detail: { ['k\u0000']: '\udfff' } }));
    expect(target).toBe('item\ufffd');
    expect(detailJson).toBe('{"k\ufffd":"\ufffd"}');
  });

  it('stores detail that reads back from jsonb to the same canonical text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 4 })), (detail) => {
        let detailJson: string;
        try {
          ({ detailJson } = normaliseEntry(entry({ detail: { ...detail } })));
        } catch (error) {
          if (error instanceof ValidationError && error.details[0]?.code === 'DETAIL_TOO_LARGE') return;
          throw error;
        }
        const readBack: unknown = JSON.parse(jsonbText(JSON.parse(detailJson)));
        expect(canonicalJson(readBack)).toBe(detailJson);
      }),
      { numRuns: 300 },
    );
  });

  it('spells out one-character keys that JSON escapes, which JSON.parse may misread', () => {
    expect(storableKey('"')).toBe('\\u0022');
    expect(storableKey('\\')).toBe('\\u005c');
    expect(storableKey('\n')).toBe('\\u000a');
    expect(storableKey('a')).toBe('a');
    expect(storableKey('é')).toBe('é');
    expect(storableKey('\n\n')).toBe('\n\n');
    // A backslash key first in an object: afterwards, an escaped one-character key first in an
    // object may parse as a backslash too. Spelled-out keys are not affected.
    JSON.parse('{"\\\\":0}');
    const { detailJson } = normaliseEntry(entry({ detail: { k: 1, '\n': 2, '"': 3 } }));
    expect(Object.keys(JSON.parse(detailJson) as object)).toEqual(['\\u000a', '\\u0022', 'k']);
    expect(canonicalJson(JSON.parse(detailJson))).toBe(detailJson);
  });
});
