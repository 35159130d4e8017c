import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

/**
 * The bench's own small worker: serves only the trivial workflow of `bench/workflows`, from a
 * prebuilt bundle, on a task queue of its own. Stops on SIGINT/SIGTERM.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: required('BENCH_TEMPORAL_ADDRESS') });
  try {
    const worker = await Worker.create({
      connection,
      namespace: process.env.BENCH_TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: required('BENCH_TASK_QUEUE'),
      workflowBundle: { codePath: required('BENCH_WORKFLOW_BUNDLE_PATH') },
    });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
