import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  defaultCacheDir,
  ensureTemporalCli,
  freePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '@lib/local-stack';
import type { BenchLog, Teardown } from './context';
import { findProcess } from './proc';

export interface BenchServers {
  /** The run's temporary folder: PostgreSQL cluster, Temporal's SQLite file, workflow bundles. */
  root: string;
  databaseUrl: string;
  temporalAddress: string;
  /** For CPU readings; undefined where /proc is not available. */
  postgresPid: number | undefined;
  temporalPid: number | undefined;
}

/**
 * A throw-away PostgreSQL cluster and a headless Temporal dev server (SQLite file), both in a
 * fresh temporary folder, started the way the launcher and the test set-up start them. Each
 * is registered with the teardown as soon as it runs, so a failure later stops it again.
 */
export async function startBenchServers(
  env: NodeJS.ProcessEnv,
  temporalStore: 'file' | 'memory',
  teardown: Teardown,
  log: BenchLog,
): Promise<BenchServers> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'supervision-bench-'));
  teardown.add(`temporary folder ${root}`, () => rm(root, { recursive: true, force: true }));

  const dataDir = path.join(root, 'postgres');
  const postgres = await startEmbeddedPostgres(
    { dataDir, port: await freePort(), database: 'supervision_bench', persistent: false },
    log,
  );
  teardown.add('PostgreSQL', () => postgres.stop());
  const postgresPid = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').then(
    (text) => Number(text.split('\n')[0]) || undefined,
    () => undefined,
  );

  const cli = await ensureTemporalCli(env.STACK_CACHE_DIR ?? defaultCacheDir(), log);
  if (!cli) throw new Error('no Temporal CLI could be found or built (needs Go ≥ 1.25 the first time)');
  const dbFile = path.join(root, 'temporal.sqlite');
  const port = await freePort();
  const temporal = await startTemporalDevServer(
    { binary: cli, port, ...(temporalStore === 'file' ? { dbFile } : {}) },
    log,
  );
  teardown.add('Temporal dev server', () => temporal.stop());

  return {
    root,
    databaseUrl: postgres.address,
    temporalAddress: temporal.address,
    postgresPid,
    temporalPid: await findProcess(temporalStore === 'file' ? dbFile : `--port ${port} `),
  };
}
