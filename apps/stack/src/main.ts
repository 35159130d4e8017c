import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseConfig } from '@lib/config';
import { ADMIN_ROLES } from '@lib/contracts';
import { openDatabase } from '@lib/database';
import { DEMO_PASSWORD, formatDemoSummary, loadDemo } from '@lib/demo';
import { ADMIN_USERNAMES, ensureAdministrators, IdentityService, passwordProblems } from '@lib/identity';
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
  /** Password of the administrator accounts the stack opens and of the demo people's accounts. */
  STACK_DEMO_PASSWORD: z.string().default(DEMO_PASSWORD),
});

/**
 * Sign-ins per minute per client address for the stack's own API, unless
 * `LOGIN_RATE_LIMIT_PER_IP` is set. On one machine every client shares 127.0.0.1, and the demo
 * signs in its 121 people within a minute: the deployment default (30) would hold the load up
 * for minutes. The per-user limit and the lock-out after repeated failures still apply.
 */
const STACK_LOGIN_RATE_LIMIT_PER_IP = 1000;

const ADMIN_NAMES = ADMIN_ROLES.map((role) => ADMIN_USERNAMES[role]);

/** The stack's password, refused before anything starts if the policy would refuse it. */
function checkDemoPassword(password: string): void {
  const problems = [...new Set(ADMIN_NAMES.flatMap((name) => passwordProblems(password, name).map((p) => p.message)))];
  if (problems.length > 0) throw new Error(`STACK_DEMO_PASSWORD: ${problems.join('; ')}`);
}

/**
 * The three administrator accounts (三员分立), opened with the stack's password when missing, so
 * that a fresh local system can be signed in to. A local convenience only: a deployment opens
 * them with `npm run accounts -- bootstrap` and passwords of its own. Accounts that exist keep
 * their passwords.
 */
async function ensureLocalAdministrators(dataSource: DataSource, appEnv: NodeJS.ProcessEnv, password: string) {
  const { created } = await ensureAdministrators(new IdentityService(dataSource, parseConfig(appEnv)), password);
  log(created.length > 0 ? `administrator accounts opened: ${created.join(', ')}` : 'administrator accounts exist');
}

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
  checkDemoPassword(env.STACK_DEMO_PASSWORD);
  const production = process.env.NODE_ENV === 'production';

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

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    PORT: String(env.PORT),
    LOGIN_RATE_LIMIT_PER_IP: process.env.LOGIN_RATE_LIMIT_PER_IP ?? String(STACK_LOGIN_RATE_LIMIT_PER_IP),
    // Evidence files stay with the rest of the stack's data (and its backups).
    EVIDENCE_DIR: process.env.EVIDENCE_DIR ?? path.join(dataDir, 'evidence'),
  };
  const dataSource = await openDatabase(databaseUrl);
  let hasCampaigns: boolean;
  try {
    [{ any: hasCampaigns }] = await dataSource.query<{ any: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM campaign) AS any',
    );
    log('database schema is up to date');
    if (!production) await ensureLocalAdministrators(dataSource, appEnv, env.STACK_DEMO_PASSWORD);
  } finally {
    await dataSource.destroy();
  }

  await ensureFree(env.PORT, 'the API', 'PORT');
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
    env.STACK_DEMO === 'always' || (env.STACK_DEMO === 'auto' && !hasCampaigns)
      ? await loadDemoData(apiUrl, env.STACK_DEMO_PASSWORD)
      : [];
  const customPassword = env.STACK_DEMO_PASSWORD !== DEMO_PASSWORD;
  const signIn = production
    ? ['  sign in           no accounts opened (NODE_ENV=production): npm run accounts -- bootstrap']
    : [
        `  sign in           ${apiUrl}/auth/login as ${ADMIN_NAMES.join(', ')} (administrators) or a demo person by id`,
        `  password          ${customPassword ? 'from STACK_DEMO_PASSWORD' : `${DEMO_PASSWORD} (the default; set STACK_DEMO_PASSWORD for another)`}; local use only`,
      ];

  process.stdout.write(
    [
      '',
      'Supervision loop is up:',
      `  API               ${apiUrl}`,
      `  health            ${apiUrl}/health`,
      `  Temporal          ${temporalAddress}`,
      ...(temporalUi ? [`  Temporal Web UI   ${temporalUi}`] : []),
      `  PostgreSQL        ${env.DATABASE_URL ? '(DATABASE_URL)' : `127.0.0.1:${env.STACK_POSTGRES_PORT} (data in ${dataDir})`}`,
      ...signIn,
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
async function loadDemoData(apiUrl: string, password: string): Promise<string[]> {
  try {
    const summary = await loadDemo({ baseUrl: apiUrl, log, password });
    return formatDemoSummary(summary, apiUrl, password === DEMO_PASSWORD ? password : '$STACK_DEMO_PASSWORD');
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
