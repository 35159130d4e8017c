import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@lib/local-stack';
import { builtEntry } from './support/dist';
import { eventually } from './support/eventually';
import { testEnv } from './setup/test-env';

/** The stack's password for this test: not the default, to show that STACK_DEMO_PASSWORD is what counts. */
const PASSWORD = 'Stack-Test-Password-2026';
const DEMO_CAMPAIGN = 'zz-2024-elderly-care';

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * `npm start` as a user runs it: real PostgreSQL and Temporal, data kept across restarts, the
 * administrator accounts opened and the demo loaded on the first start, so that the system can
 * be signed in to and used at once.
 */
describe('the local stack (npm start)', () => {
  let env: NodeJS.ProcessEnv;
  let api: string;
  let ui: string;

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'stack-'));
    const [port, pg, temporal, uiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    api = `http://127.0.0.1:${port}`;
    ui = `http://127.0.0.1:${uiPort}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      STACK_DATA_DIR: dataDir,
      STACK_POSTGRES_PORT: String(pg),
      STACK_TEMPORAL_PORT: String(temporal),
      STACK_TEMPORAL_UI_PORT: String(uiPort),
      STACK_CACHE_DIR: testEnv('cacheDir'),
      LOG_LEVEL: 'warn',
      // The demo's content is covered by demo-data.e2e-spec.ts; here it shows the stack usable.
      STACK_DEMO_PASSWORD: PASSWORD,
    };
  });

  function start(): Stack {
    // Its own process group, so that the test can tell whether anything was left behind.
    const child = spawn(process.execPath, [builtEntry('stack')], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  async function ready(stack: Stack): Promise<void> {
    await eventually(() => expect(stack.output()).toContain('Press Ctrl-C to stop.'), 240_000, 250);
  }

  async function signIn(username: string, password = PASSWORD): Promise<{ status: number; token: string }> {
    const response = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await response.json()) as { accessToken: string };
    return { status: response.status, token: body.accessToken };
  }

  async function call(token: string, path: string, body?: object): Promise<Response> {
    return fetch(`${api}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  }

  function groupAlive(pgid: number): boolean {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async function stop(stack: Stack, signal: NodeJS.Signals): Promise<void> {
    stack.child.kill(signal);
    expect(await stack.exited).toBe(0);
    await eventually(() => expect(groupAlive(stack.child.pid!)).toBe(false), 15_000);
  }

  it('comes up usable, serves, stops cleanly on SIGINT and keeps its data for the next start', async () => {
    const first = start();
    await ready(first);
    const out = first.output();
    expect(out).toContain(`Temporal Web UI   ${ui}`);
    expect(out).toContain('sysadmin, secadmin, auditadmin (administrators)');
    expect(out).toContain('from STACK_DEMO_PASSWORD');
    expect(out).not.toContain(PASSWORD);
    expect(out).toContain(`Demo data: ${DEMO_CAMPAIGN}`);
    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });
    expect((await fetch(ui)).status).toBe(200);

    // The three administrators sign in; none of them may act on supervision business.
    for (const admin of ['sysadmin', 'secadmin', 'auditadmin']) {
      const { status, token } = await signIn(admin);
      expect([admin, status]).toEqual([admin, 200]);
      expect([admin, (await call(token, `/campaigns/${DEMO_CAMPAIGN}`)).status]).toEqual([admin, 403]);
      expect([admin, (await call(token, '/rectification-items')).status]).toEqual([admin, 403]);
    }
    expect((await signIn('sysadmin', 'Zhengzhou-Demo-2024')).status).toBe(401);
    const sysadmin = await signIn('sysadmin');
    const accounts = await call(sysadmin.token, '/accounts');
    expect(accounts.status).toBe(200);
    expect(((await accounts.json()) as { total: number }).total).toBeGreaterThan(100);

    // A demo person signs in and lists the items.
    const staff = await signIn('wang.staff');
    expect(staff.status).toBe(200);
    const items = await call(staff.token, '/rectification-items?limit=5');
    expect(items.status).toBe(200);
    expect(((await items.json()) as { items: unknown[] }).items.length).toBe(5);
    const campaign = {
      campaignId: 'stack-persist',
      title: '持久化',
      level: 'city',
      committeeUnitId: 'zz-social',
      jurisdictionUnitId: 'zz-gov',
    };
    expect((await call(staff.token, '/campaigns', campaign)).status).toBe(202);
    await eventually(async () => expect((await call(staff.token, '/campaigns/stack-persist')).status).toBe(200));
    await stop(first, 'SIGINT');

    const second = start();
    await ready(second);
    // The demo is there already: it is not loaded again.
    expect(second.output()).not.toContain('Demo data:');
    const again = await signIn('wang.staff');
    const read = await call(again.token, '/campaigns/stack-persist');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: 'stack-persist', phase: 'planning' });
    expect(await (await call(again.token, `/campaigns/${DEMO_CAMPAIGN}`)).json()).toMatchObject({
      phase: 'rectification',
    });
    // The workflow survived too: launching the same key again is refused by Temporal.
    expect((await call(again.token, '/campaigns', { ...campaign, title: '再次' })).status).toBe(409);
    await stop(second, 'SIGTERM');
  }, 600_000);
});
