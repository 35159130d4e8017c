// Global set-up runs outside Jest's module registry, where the @lib/* aliases do not resolve.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  defaultCacheDir,
  ensureTemporalCli,
  ensureTemporalTestServer,
  freePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
  type RunningService,
} from '../../libs/local-stack/src';
import { TEST_ENV } from './test-env';

declare global {
  var __testServers: RunningService[] | undefined;
}

const log = (line: string): void => {
  process.stderr.write(`[test servers] ${line}\n`);
};

/**
 * Real servers for the whole run: a throw-away PostgreSQL cluster, a Temporal dev server
 * (in memory) and the path of the time-skipping test server, which each test starts itself.
 * An externally provided Temporal (TEMPORAL_ADDRESS) is used as it is.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const servers: RunningService[] = [];
  globalThis.__testServers = servers;
  const cacheDir = process.env.STACK_CACHE_DIR ?? defaultCacheDir();
  process.env[TEST_ENV.cacheDir] = cacheDir;

  const root = await mkdtemp(path.join(os.tmpdir(), 'supervision-test-'));
  const postgres = await startEmbeddedPostgres(
    { dataDir: path.join(root, 'postgres'), port: await freePort(), database: 'supervision_test', persistent: false },
    log,
  );
  servers.push(postgres);
  process.env[TEST_ENV.databaseUrl] = postgres.address;

  const [cli, testServer] = await Promise.all([
    ensureTemporalCli(cacheDir, log),
    ensureTemporalTestServer(cacheDir, log),
  ]);
  process.env[TEST_ENV.testServer] = testServer;
  if (cli) process.env[TEST_ENV.temporalCli] = cli;

  if (process.env.TEMPORAL_ADDRESS) {
    process.env[TEST_ENV.temporalAddress] = process.env.TEMPORAL_ADDRESS;
  } else {
    if (!cli) throw new Error('no Temporal CLI could be found or built; set TEMPORAL_ADDRESS to an existing server');
    const temporal = await startTemporalDevServer({ binary: cli, port: await freePort() }, log);
    servers.push(temporal);
    process.env[TEST_ENV.temporalAddress] = temporal.address;
  }
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
