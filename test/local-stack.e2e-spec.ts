import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@lib/local-stack';
import { builtEntry } from './support/dist';
import { eventually } from './support/eventually';
import { testEnv } from './setup/test-env';

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as a user runs it: real PostgreSQL and Temporal, data kept across restarts. */
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
      // The demo campaign is covered by demo-data.e2e-spec.ts; here it would only slow both starts.
      STACK_DEMO: 'never',
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
    await eventually(() => expect(stack.output()).toContain('Press Ctrl-C to stop.'), 120_000, 250);
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

  it('comes up, serves, stops cleanly on SIGINT and keeps its data for the next start', async () => {
    const first = start();
    await ready(first);
    expect(first.output()).toContain(`Temporal Web UI   ${ui}`);
    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });
    expect((await fetch(ui)).status).toBe(200);

    const post = (path: string, body: object) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await post('/org-units', { id: 'zm-npc', name: '中牟县人大常委会', kind: 'congress', level: 'county' })).status,
    ).toBe(201);
    expect(
      (await post('/org-units', { id: 'zm-gov', name: '中牟县人民政府', kind: 'government', level: 'county' })).status,
    ).toBe(201);
    const campaign = {
      campaignId: 'stack-persist',
      title: '持久化',
      level: 'county',
      committeeUnitId: 'zm-npc',
      jurisdictionUnitId: 'zm-gov',
    };
    const launched = await post('/campaigns', campaign);
    expect(launched.status).toBe(202);
    await eventually(async () => expect((await fetch(`${api}/campaigns/stack-persist`)).status).toBe(200));
    await stop(first, 'SIGINT');

    const second = start();
    await ready(second);
    const read = await fetch(`${api}/campaigns/stack-persist`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: 'stack-persist', phase: 'planning' });
    // The workflow survived too: launching the same key again is refused by Temporal.
    const again = await post('/campaigns', { ...campaign, title: '再次' });
    expect(again.status).toBe(409);
    await stop(second, 'SIGTERM');
  }, 300_000);
});
