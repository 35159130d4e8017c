import { spawn, type ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { stopChild, waitUntil } from '@lib/local-stack';
import type { BenchLog } from './context';

/** How many output lines of a child are echoed before the rest are only counted. */
const ECHO_LINES = 200;

export interface NodeProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote, for error reports. */
  tail(): string;
  /** Lines written but not echoed (beyond the first ECHO_LINES). */
  unechoed(): number;
  stop(): Promise<void>;
}

/**
 * Run a Node.js entry point as a child process with the Node that runs the bench (the pinned
 * Node 24 under `npm run`), echoing its output with a prefix.
 */
export function spawnNode(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  log: BenchLog,
  nodeOptions: string[] = [],
): NodeProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeOptions, entry], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${entry})`);
  let tail = '';
  let echoed = 0;
  let skipped = 0;
  let partial = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    tail = (tail + text).slice(-20_000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      if (echoed < ECHO_LINES) {
        echoed += 1;
        log(`[${name}] ${line}`);
      } else {
        skipped += 1;
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('exit', (code, signal) => log(`${name} exited (${signal ?? code})`));
  return {
    name,
    pid: child.pid,
    child,
    tail: () => tail,
    unechoed: () => skipped,
    stop: () => stopChild(child),
  };
}

/**
 * Wait until this worker polls `taskQueue` for workflow tasks, as the server sees it: a poller
 * whose identity is the SDK's default, `<pid>@<host>`.
 */
export async function waitForPoller(client: Client, taskQueue: string, worker: NodeProcess): Promise<void> {
  try {
    await waitUntil(
      async () => {
        const response = await client.workflowService.describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        return (response.pollers ?? []).some((poller) => poller.identity?.startsWith(`${worker.pid}@`));
      },
      { timeoutMs: 180_000, what: worker.name, child: worker.child, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${worker.tail().slice(-4000)}`);
  }
}
