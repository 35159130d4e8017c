import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { openDatabase } from '@lib/database';
import { formatDemoSummary, loadDemo } from '@lib/demo';
import {
  defaultCacheDir,
  ensureTemporalCli,
  isListening,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stderrLog as log,
  stopChild,
  waitUntil,
  type RunningService,
} from '@lib/local-stack';

/**
 * `npm start`: the whole system on one machine. Starts what is not configured externally
 * (PostgreSQL, the Temporal dev server with its Web UI), migrates, then runs the worker and the
 * API as child processes until Ctrl-C, and stops everything in reverse order.
 */
const stackEnv = z.object({
  DATABASE_URL: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  STACK_DATA_DIR: z.string().default('.data'),
  STACK_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  STACK_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  STACK_TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  STACK_CACHE_DIR: z.string().optional(),
  /** Load the demo campaign: `auto` on a database without campaigns, `always`, or `never`. */
  STACK_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
});

const started: { name: string; stop: () => Promise<void> }[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping…');
    for (const service of started.reverse()) {
      try {
        await service.stop();
        log(`stopped ${service.name}`);
      } catch (error) {
        log(`could not stop ${service.name}: ${String(error)}`);
      }
    }
  }
  process.exit(code);
}

function runApp(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${signal ?? code})`);
      void stopAll(1);
    }
  });
  started.push({ name, stop: () => stopChild(child) });
  return child;
}

async function ensureFree(port: number, what: string, variable: string): Promise<void> {
  if (await isListening(port)) {
    throw new Error(`port ${port} for ${what} is taken; set ${variable} to another port (or stop what uses it)`);
  }
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));
  const parsed = stackEnv.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.STACK_DATA_DIR);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    await ensureFree(env.STACK_POSTGRES_PORT, 'PostgreSQL', 'STACK_POSTGRES_PORT');
    const postgres = await startEmbeddedPostgres(
      {
        dataDir: path.join(dataDir, 'postgres'),
        port: env.STACK_POSTGRES_PORT,
        database: 'supervision',
        persistent: true,
      },
      log,
    );
    started.push({ name: 'PostgreSQL', stop: () => postgres.stop() });
    databaseUrl = postgres.address;
  } else {
    log('using PostgreSQL at DATABASE_URL');
  }

  let temporalAddress = env.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const binary = await ensureTemporalCli(env.STACK_CACHE_DIR ?? defaultCacheDir(), log);
    if (!binary) {
      throw new Error('no Temporal server: install Go ≥ 1.25 (the CLI is then built once) or set TEMPORAL_ADDRESS');
    }
    await ensureFree(env.STACK_TEMPORAL_PORT, 'Temporal', 'STACK_TEMPORAL_PORT');
    await ensureFree(env.STACK_TEMPORAL_UI_PORT, 'the Temporal Web UI', 'STACK_TEMPORAL_UI_PORT');
    const temporal: RunningService & { uiUrl?: string } = await startTemporalDevServer(
      {
        binary,
        port: env.STACK_TEMPORAL_PORT,
        uiPort: env.STACK_TEMPORAL_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.sqlite'),
      },
      log,
    );
    started.push({ name: 'Temporal dev server', stop: () => temporal.stop() });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  } else {
    log(`using Temporal at ${temporalAddress}`);
  }

  const dataSource = await openDatabase(databaseUrl);
  const [{ any: hasCampaigns }] = await dataSource.query<{ any: boolean }[]>(
    'SELECT EXISTS (SELECT 1 FROM campaign) AS any',
  );
  await dataSource.destroy();
  log('database schema is up to date');

  await ensureFree(env.PORT, 'the API', 'PORT');
  const appEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    PORT: String(env.PORT),
  };
  const worker = runApp('worker', path.resolve(__dirname, '../../worker/src/main.js'), appEnv);
  const api = runApp('api', path.resolve(__dirname, '../../api/src/main.js'), appEnv);

  const apiUrl = `http://127.0.0.1:${env.PORT}`;
  await waitUntil(
    async () => {
      try {
        return (await fetch(`${apiUrl}/health`)).status === 200;
      } catch {
        return false;
      }
    },
    { timeoutMs: 120_000, what: 'the API', child: api },
  );
  if (worker.exitCode !== null) throw new Error('the worker stopped during start-up');

  const demo =
    env.STACK_DEMO === 'always' || (env.STACK_DEMO === 'auto' && !hasCampaigns) ? await loadDemoData(apiUrl) : [];

  process.stdout.write(
    [
      '',
      'Supervision loop is up:',
      `  API               ${apiUrl}`,
      `  health            ${apiUrl}/health`,
      `  Temporal          ${temporalAddress}`,
      ...(temporalUi ? [`  Temporal Web UI   ${temporalUi}`] : []),
      `  PostgreSQL        ${env.DATABASE_URL ? '(DATABASE_URL)' : `127.0.0.1:${env.STACK_POSTGRES_PORT} (data in ${dataDir})`}`,
      ...(demo.length > 0 ? ['', ...demo, ''] : []),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/**
 * The demo campaign, loaded through the API like any client would. A failure leaves the
 * system running: the summary says so, and `npm run demo` can complete it later.
 */
async function loadDemoData(apiUrl: string): Promise<string[]> {
  try {
    return formatDemoSummary(await loadDemo({ baseUrl: apiUrl, log }), apiUrl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`demo data could not be loaded: ${reason}`);
    return [`Demo data: not loaded (${reason}); run \`npm run demo\` to try again.`];
  }
}

main().catch(async (error: unknown) => {
  log(`start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
