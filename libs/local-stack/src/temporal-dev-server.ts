import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';
import type { StackLog } from './log';
import { stopChild, waitUntil } from './processes';

export interface TemporalDevServerOptions {
  binary: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file that keeps the server's state across restarts; omit for in-memory. */
  dbFile?: string;
  namespace?: string;
}

export interface RunningService {
  /** Connection address or URL. */
  address: string;
  stop(): Promise<void>;
}

/** Whether a Temporal frontend answers its health check at `address`. */
export async function temporalIsServing(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    const response = await connection.withDeadline(Date.now() + 1000, () =>
      connection!.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' }),
    );
    return response.status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Start `temporal server start-dev` and wait until its frontend serves. */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
  log: StackLog,
): Promise<RunningService & { uiUrl?: string }> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'warn',
  ];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');

  const child: ChildProcess = spawn(options.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntil(() => temporalIsServing(address), { timeoutMs: 60_000, child, what: 'the Temporal dev server' });
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  log(`Temporal dev server serving at ${address}`);
  return {
    address,
    ...(options.uiPort ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    stop: () => stopChild(child),
  };
}
