import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AuditService,
  GENESIS_HASH,
  REDACTED,
  canonicalJson,
  chainHash,
  verifyAuditLog,
  type AuditEntry,
  type AuditVerification,
} from '@lib/audit';
import { dataSourceOptions } from '@lib/database';
import { ValidationError } from '@lib/errors';
import { isolatedDatabase } from './support/isolated-database';

/** The audit log on real PostgreSQL: the chain, its triggers, tampering, and the verify command. */
describe('audit log', () => {
  let db: Awaited<ReturnType<typeof isolatedDatabase>>;
  let audit: AuditService;
  let databaseUrl: string;

  beforeAll(async () => {
    db = await isolatedDatabase();
    audit = new AuditService(db.dataSource);
    databaseUrl = (db.dataSource.options as { url: string }).url;
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** Run statements with every trigger off, as a superuser who means harm could. */
  const bypassingTriggers = (work: (tx: EntityManager) => Promise<unknown>) =>
    db.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await work(tx);
    });

  beforeEach(async () => {
    await bypassingTriggers(async (tx) => {
      await tx.query('DELETE FROM audit_log');
      await tx.query(`UPDATE audit_chain_head SET seq = 0, hash = $1`, [GENESIS_HASH]);
    });
  });

  const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
    actor: { accountId: `acc-${i % 3}`, username: `user${i % 3}`, personId: i % 2 === 0 ? `person-${i}` : null },
    sourceIp: i % 2 === 0 ? '10.0.0.1' : '2001:db8::7',
    action: ['auth.login', 'rectification.acknowledge', 'evidence.download', 'account.roles_changed'][i % 4],
    target: i % 4 === 0 ? null : `target/${i}`,
    outcome: (['success', 'failure', 'denied'] as const)[i % 3],
    detail: { i, note: `第${i}条`, nested: { z: 1, a: [i, 'x'] } },
    ...over,
  });

  const appendSeveral = async (n: number) => {
    const appended = [];
    for (let i = 1; i <= n; i += 1) appended.push(await audit.append(entry(i)));
    return appended;
  };

  const rows = async (): Promise<{ seq: string; prev_hash: string; hash: string }[]> =>
    db.dataSource.query('SELECT seq::text AS seq, prev_hash, hash FROM audit_log AS r ORDER BY r.seq');

  const problemsOf = (result: AuditVerification) => result.problems.map(({ seq, kind }) => ({ seq, kind }));

  describe('appending', () => {
    it('chains N records from the genesis hash, and verify finds them intact', async () => {
      const appended = await appendSeveral(25);
      expect(appended.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      const stored = await rows();
      expect(stored[0].prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < stored.length; i += 1) expect(stored[i].prev_hash).toBe(stored[i - 1].hash);

      const result = await verifyAuditLog(db.dataSource, { batchSize: 7 });
      expect(result).toEqual({
        intact: true,
        checked: 25,
        firstSeq: 1,
        lastSeq: 25,
        head: { seq: 25, hash: appended[24].hash },
        problems: [],
        problemCount: 0,
      });
    });

    it('an empty log is intact', async () => {
      const result = await audit.verify();
      expect(result).toMatchObject({ intact: true, checked: 0, firstSeq: null, lastSeq: null, problems: [] });
      expect(result.head).toEqual({ seq: 0, hash: GENESIS_HASH });
    });

    it('hashes what jsonb gives back: key order, numbers and odd strings survive the round trip', async () => {
      const detail = {
        zeta: 1,
        alpha: { 'longer key': [3, 2, 1], b: null, a: true },
        numbers: [0, -0, 1.5, 0.1 + 0.2, 1e21, 1e-7, 2 ** 60, 5e-324, -123456789.125],
        text: '审计 😀 "quoted" \\ back\nline',
        nul: 'a\u0000b',
        lone: '\ud800',
        when: new Date('2025-03-01T08:00:00.000Z'),
        '"': 1,
        '\\': 2,
        '\n': 3,
        ...(JSON.parse('{"__proto__":{"polluted":true}}') as object),
      };
      await audit.append(entry(1, { detail }));
      const [stored] = (await audit.list()).items;
      expect(stored.detail.numbers).toEqual([0, 0, 1.5, 0.1 + 0.2, 1e21, 1e-7, 2 ** 60, 5e-324, -123456789.125]);
      expect(stored.detail.nul).toBe('a\ufffdb');
      expect(stored.detail).toMatchObject({ '\\u0022': 1, '\\u005c': 2, '\\u000a': 3 });
      expect(Object.getOwnPropertyNames(stored.detail)).toContain('__proto__');
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      expect(await audit.verify()).toMatchObject({ intact: true, checked: 1 });
    });

    it('never stores values under secret-looking keys', async () => {
      await audit.append(
        entry(1, { detail: { username: 'wang', password: 'hunter2', tokens: { refreshToken: 'r' } } }),
      );
      const text: { detail: string }[] = await db.dataSource.query('SELECT detail::text AS detail FROM audit_log');
      expect(text[0].detail).not.toMatch(/hunter2|"r"/);
      expect((await audit.list()).items[0].detail).toEqual({ username: 'wang', password: REDACTED, tokens: REDACTED });
    });

    it('appendMany writes a contiguous run under one lock', async () => {
      await audit.append(entry(1));
      const many = await audit.appendMany([entry(2), entry(3), entry(4)]);
      expect(many.map((r) => r.seq)).toEqual([2, 3, 4]);
      expect(await audit.appendMany([])).toEqual([]);
      expect(await audit.verify()).toMatchObject({ intact: true, checked: 4 });
    });

    it("inside the caller's transaction, the record commits or rolls back with it and leaves no gap", async () => {
      await audit.append(entry(1));
      await expect(
        db.dataSource.transaction(async (tx) => {
          await audit.append(entry(2), tx);
          throw new Error('the use case failed');
        }),
      ).rejects.toThrow('the use case failed');
      expect(await rows()).toHaveLength(1);

      await db.dataSource.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await audit.append(entry(3, { action: 'rectification.acknowledge' }), tx);
      });
      const stored = await rows();
      expect(stored.map((r) => r.seq)).toEqual(['1', '2']);
      expect(await audit.verify()).toMatchObject({ intact: true, checked: 2 });
    });

    it('refuses a malformed entry before touching the chain', async () => {
      await expect(audit.append(entry(1, { action: 'Login' }))).rejects.toBeInstanceOf(ValidationError);
      await expect(audit.append(entry(1, { detail: { blob: 'x'.repeat(9000) } }))).rejects.toThrow(/detail is/);
      expect(await rows()).toHaveLength(0);
    });

    it('the database refuses a back-dated record, which could otherwise be deleted early', async () => {
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      await expect(audit.append(entry(1, { at: twoHoursAgo }))).rejects.toThrow(/too far from the database clock/);
      expect(await rows()).toHaveLength(0);
    });

    it('the database refuses an insert that does not extend the head', async () => {
      await audit.append(entry(1));
      await expect(
        db.dataSource.query(
          `INSERT INTO audit_log (seq, at, action, outcome, prev_hash, hash) VALUES (5, now(), 'auth.login', 'success', $1, $1)`,
          ['a'.repeat(64)],
        ),
      ).rejects.toThrow(/does not extend the chain head/);
    });

    it('50 concurrent appends from separate connections get contiguous seqs and an intact chain', async () => {
      const pools = await Promise.all(
        Array.from({ length: 5 }, () => new DataSource(dataSourceOptions(databaseUrl)).initialize()),
      );
      try {
        const services = pools.map((pool) => new AuditService(pool));
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => {
            const service = services[i % services.length];
            const pool = pools[i % pools.length];
            // Every fifth runs inside a transaction that then fails: its seq must be reused.
            if (i % 5 === 4) {
              return pool.transaction(async (tx) => {
                await service.append(entry(i), tx);
                throw new Error('rolled back');
              });
            }
            return service.append(entry(i));
          }),
        );
        const fulfilled = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value.seq] : []));
        expect(fulfilled).toHaveLength(40);
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
        expect([...fulfilled].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect((await rows()).map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect(await audit.verify({ batchSize: 16 })).toMatchObject({ intact: true, checked: 40, lastSeq: 40 });
      } finally {
        await Promise.all(pools.map((pool) => pool.destroy()));
      }
    });
  });

  describe('protection in the database', () => {
    beforeEach(() => appendSeveral(3));

    it.each([
      ['UPDATE audit_log SET action = $$auth.logout$$ WHERE seq = 2', /append-only: UPDATE of row 2 is not allowed/],
      ['DELETE FROM audit_log WHERE seq = 2', /kept for 180 days: row 2 .* may not be deleted before/],
      ['TRUNCATE audit_log', /TRUNCATE of audit_log is not allowed/],
      ['UPDATE audit_chain_head SET seq = 2', /audit_chain_head moves only by appending/],
      ['DELETE FROM audit_chain_head', /audit_chain_head moves only by appending/],
      ['TRUNCATE audit_chain_head', /TRUNCATE of audit_chain_head is not allowed/],
    ])('refuses %s', async (sql, message) => {
      await expect(db.dataSource.query(sql)).rejects.toThrow(message);
      expect(await rows()).toHaveLength(3);
      expect(await audit.verify()).toMatchObject({ intact: true, checked: 3 });
    });
  });

  describe('tampering', () => {
    beforeEach(() => appendSeveral(10));

    it('an edited record is a hash mismatch at that seq', async () => {
      await bypassingTriggers((tx) => tx.query(`UPDATE audit_log SET action = 'auth.logout' WHERE seq = 5`));
      const result = await audit.verify({ batchSize: 4 });
      expect(result.intact).toBe(false);
      expect(problemsOf(result)).toEqual([{ seq: 5, kind: 'hash_mismatch' }]);
      expect(result.checked).toBe(10);
    });

    it('an edit of detail, of the time by a microsecond, or of the actor is caught', async () => {
      await bypassingTriggers(async (tx) => {
        await tx.query(`UPDATE audit_log SET detail = jsonb_set(detail, '{i}', '99') WHERE seq = 2`);
        await tx.query(`UPDATE audit_log SET at = at + interval '1 microsecond' WHERE seq = 4`);
        await tx.query(`UPDATE audit_log SET actor_account_id = NULL WHERE seq = 6`);
      });
      expect(problemsOf(await audit.verify())).toEqual([
        { seq: 2, kind: 'hash_mismatch' },
        { seq: 4, kind: 'hash_mismatch' },
        { seq: 6, kind: 'hash_mismatch' },
      ]);
    });

    it('an edited record whose hash was recomputed breaks the link to the next one', async () => {
      await bypassingTriggers(async (tx) => {
        const [row] = await tx.query<Record<string, never>[]>(
          `SELECT seq::int AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
                  actor_account_id, actor_username, actor_person_id, source_ip, target, outcome, detail, prev_hash
             FROM audit_log WHERE seq = 5`,
        );
        const forged = chainHash({
          seq: row.seq,
          at: row.at,
          actorAccountId: row.actor_account_id,
          actorUsername: row.actor_username,
          actorPersonId: row.actor_person_id,
          sourceIp: row.source_ip,
          action: 'auth.logout',
          target: row.target,
          outcome: row.outcome,
          detail: row.detail,
          prevHash: row.prev_hash,
        });
        await tx.query(`UPDATE audit_log SET action = 'auth.logout', hash = $1 WHERE seq = 5`, [forged]);
      });
      expect(problemsOf(await audit.verify())).toEqual([{ seq: 6, kind: 'broken_link' }]);
    });

    it('a deleted record in the middle is a gap at its seq', async () => {
      await bypassingTriggers((tx) => tx.query('DELETE FROM audit_log WHERE seq = 5'));
      const result = await audit.verify({ batchSize: 3 });
      expect(problemsOf(result)).toEqual([{ seq: 5, kind: 'gap' }]);
      expect(result.problems[0].detail).toBe('record 5 is missing');
      expect(result.checked).toBe(9);
    });

    it('two records with their contents swapped are both hash mismatches', async () => {
      const content =
        'at, actor_account_id, actor_username, actor_person_id, source_ip, action, target, outcome, detail';
      await bypassingTriggers((tx) =>
        tx.query(
          `UPDATE audit_log a SET (${content}) = (SELECT ${content} FROM audit_log b
             WHERE b.seq = CASE a.seq WHEN 3 THEN 7 ELSE 3 END)
           WHERE a.seq IN (3, 7)`,
        ),
      );
      expect(problemsOf(await audit.verify())).toEqual([
        { seq: 3, kind: 'hash_mismatch' },
        { seq: 7, kind: 'hash_mismatch' },
      ]);
    });

    it('two whole records swapped in position break the chain at both places', async () => {
      await bypassingTriggers(async (tx) => {
        await tx.query('UPDATE audit_log SET seq = 1000 WHERE seq = 3');
        await tx.query('UPDATE audit_log SET seq = 3 WHERE seq = 7');
        await tx.query('UPDATE audit_log SET seq = 7 WHERE seq = 1000');
      });
      const kinds = problemsOf(await audit.verify());
      expect(kinds).toEqual(
        expect.arrayContaining([
          { seq: 3, kind: 'broken_link' },
          { seq: 3, kind: 'hash_mismatch' },
          { seq: 7, kind: 'broken_link' },
          { seq: 7, kind: 'hash_mismatch' },
        ]),
      );
    });

    it('a deleted last record no longer matches the head', async () => {
      await bypassingTriggers((tx) => tx.query('DELETE FROM audit_log WHERE seq = 10'));
      const result = await audit.verify();
      expect(problemsOf(result)).toEqual([{ seq: 10, kind: 'head_mismatch' }]);
      expect(result.problems[0].detail).toContain('ends at 9');
    });

    it('a record slipped in after the head is reported', async () => {
      await bypassingTriggers((tx) =>
        tx.query(
          `INSERT INTO audit_log (seq, at, action, outcome, prev_hash, hash)
           SELECT 11, now(), 'auth.login', 'success', hash, hash FROM audit_chain_head`,
        ),
      );
      expect(problemsOf(await audit.verify())).toEqual([{ seq: 11, kind: 'head_mismatch' }]);
    });

    it('an anchor written down earlier catches a rewrite of the whole tail', async () => {
      const [, , anchored] = await rows();
      const anchor = { seq: Number(anchored.seq), hash: anchored.hash };
      expect(await audit.verify({ anchors: [anchor] })).toMatchObject({ intact: true });
      expect(problemsOf(await audit.verify({ anchors: [{ ...anchor, hash: 'f'.repeat(64) }] }))).toEqual([
        { seq: 3, kind: 'anchor_mismatch' },
      ]);
    });

    it('caps the list of problems but counts them all', async () => {
      await bypassingTriggers((tx) => tx.query(`UPDATE audit_log SET target = 'forged'`));
      const result = await audit.verify({ maxProblems: 4 });
      expect(result.problems).toHaveLength(4);
      expect(result.problemCount).toBe(10);
    });
  });

  describe('retention', () => {
    /** Records from 200 days ago, written as the service would have written them then. */
    const writeOldChain = (count: number) =>
      bypassingTriggers(async (tx) => {
        let prevHash = GENESIS_HASH;
        for (let seq = 1; seq <= count; seq += 1) {
          const at = new Date(Date.now() - 200 * 86_400_000 + seq * 1000).toISOString();
          const fields = {
            seq,
            at,
            actorAccountId: 'acc-old',
            actorUsername: null,
            actorPersonId: null,
            sourceIp: null,
            action: 'auth.login',
            target: null,
            outcome: 'success',
            detail: { seq },
            prevHash,
          };
          const hash = chainHash(fields);
          await tx.query(
            `INSERT INTO audit_log (seq, at, actor_account_id, action, outcome, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              seq,
              at,
              fields.actorAccountId,
              fields.action,
              fields.outcome,
              canonicalJson(fields.detail),
              prevHash,
              hash,
            ],
          );
          prevHash = hash;
        }
        await tx.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [count, prevHash]);
      });

    it('a prefix older than 180 days may be pruned; verify starts from the first record left', async () => {
      await writeOldChain(4);
      await audit.append(entry(5));
      expect(await audit.verify()).toMatchObject({ intact: true, checked: 5, firstSeq: 1, lastSeq: 5 });

      await db.dataSource.query('DELETE FROM audit_log WHERE seq <= 2');
      await expect(db.dataSource.query('DELETE FROM audit_log WHERE seq = 5')).rejects.toThrow(/kept for 180 days/);
      const result = await audit.verify();
      expect(result).toMatchObject({ intact: true, checked: 3, firstSeq: 3, lastSeq: 5, problems: [] });
    });

    it('pruning a record out of the middle is still a gap', async () => {
      await writeOldChain(4);
      await db.dataSource.query('DELETE FROM audit_log WHERE seq = 2');
      expect(problemsOf(await audit.verify())).toEqual([{ seq: 2, kind: 'gap' }]);
    });
  });

  describe('reading', () => {
    beforeEach(() => appendSeveral(30));

    it('pages newest first by seq', async () => {
      const first = await audit.list({ limit: 10 });
      expect(first.items.map((r) => r.seq)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
      expect(first.nextCursor).toBe('21');
      const second = await audit.list({ limit: 10, cursor: first.nextCursor! });
      expect(second.items[0].seq).toBe(20);
      const last = await audit.list({ limit: 10, cursor: '11' });
      expect(last.items.map((r) => r.seq)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(last.nextCursor).toBeNull();
      expect(first.items[0]).toMatchObject({
        seq: 30,
        actor: { accountId: 'acc-0', username: 'user0', personId: 'person-30' },
        sourceIp: '10.0.0.1',
        action: 'evidence.download',
        target: 'target/30',
        outcome: 'success',
        detail: { i: 30, note: '第30条', nested: { a: [30, 'x'], z: 1 } },
      });
      expect(first.items[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('filters by actor, action, action prefix, outcome and time', async () => {
      const seqs = async (query: Parameters<AuditService['list']>[0]) =>
        (await audit.list({ limit: 200, ...query })).items.map((r) => r.seq);
      expect(await seqs({ actorAccountId: 'acc-1' })).toEqual([28, 25, 22, 19, 16, 13, 10, 7, 4, 1]);
      expect(await seqs({ action: 'auth.login' })).toEqual([28, 24, 20, 16, 12, 8, 4]);
      expect(await seqs({ action: 'auth.*' })).toEqual([28, 24, 20, 16, 12, 8, 4]);
      expect(await seqs({ action: 'account.*', outcome: 'denied' })).toEqual([23, 11]);
      expect(await seqs({ to: new Date(Date.now() - 3600_000) })).toEqual([]);
      expect(await seqs({ from: new Date(Date.now() - 3600_000) })).toHaveLength(30);
    });

    it('refuses a bad query', async () => {
      for (const query of [
        { limit: 201 },
        { limit: 0 },
        { cursor: 'abc' },
        { action: 'auth.%' },
        { from: new Date('x') },
      ]) {
        await expect(audit.list(query)).rejects.toBeInstanceOf(ValidationError);
      }
    });
  });

  it('verify streams a long log in batches', async () => {
    for (let chunk = 0; chunk < 10; chunk += 1) {
      await audit.appendMany(Array.from({ length: 1000 }, (_, i) => entry(chunk * 1000 + i)));
    }
    const result = await audit.verify({ batchSize: 1000 });
    expect(result).toMatchObject({ intact: true, checked: 10_000, firstSeq: 1, lastSeq: 10_000 });
  });

  describe('the audit:verify command', () => {
    const cli = path.resolve(__dirname, '../dist/apps/cli/src/audit-verify.js');

    const run = (env: Record<string, string>, args: string[] = []) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
        const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });

    it('exits 0 on an intact log, 1 after tampering, with one JSON line and one human line', async () => {
      await appendSeveral(12);
      const intact = await run({ DATABASE_URL: databaseUrl }, ['--batch-size', '5']);
      expect(intact.status).toBe(0);
      expect(intact.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(intact.stdout)).toMatchObject({ intact: true, checked: 12, firstSeq: 1, lastSeq: 12 });
      expect(intact.stderr).toMatch(/^audit log intact: 12 checked, records 1 to 12; head 12 [0-9a-f]{64}\n$/);

      await bypassingTriggers((tx) => tx.query(`UPDATE audit_log SET outcome = 'success' WHERE seq = 8`));
      const broken = await run({ DATABASE_URL: databaseUrl });
      expect(broken.status).toBe(1);
      expect(JSON.parse(broken.stdout)).toMatchObject({
        intact: false,
        problems: [{ seq: 8, kind: 'hash_mismatch' }],
      });
      expect(broken.stderr).toContain('audit log BROKEN: 1 problem(s)');
    });

    it('exits 2 when it cannot check', async () => {
      const unset = await run({});
      expect(unset.status).toBe(2);
      expect(unset.stderr).toContain('DATABASE_URL: is required but not set');
      const unreachable = await run({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
      expect(unreachable.status).toBe(2);
      expect(JSON.parse(unreachable.stdout)).toMatchObject({ intact: null });
      const badArgument = await run({ DATABASE_URL: databaseUrl }, ['--batch-size', 'many']);
      expect(badArgument.status).toBe(2);
      expect(badArgument.stderr).toContain('usage: audit-verify');
    });
  });
});
