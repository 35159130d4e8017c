import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { WORKER_ACTIVITIES } from './tokens';
import { workflowBundleOptions } from './workflow-bundle';

const SDK_LOG_LEVEL: Record<AppConfig['LOG_LEVEL'], LogLevel> = {
  error: 'ERROR',
  warn: 'WARN',
  log: 'INFO',
  debug: 'DEBUG',
  verbose: 'TRACE',
};
let runtimeInstalled = false;

/** Once per process: Nest owns the signals, so the SDK must not react to them on its own. */
function installRuntime(config: AppConfig): void {
  if (runtimeInstalled) return;
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(SDK_LOG_LEVEL[config.LOG_LEVEL]) });
  runtimeInstalled = true;
}

/**
 * Hosts the Temporal worker inside a Nest application context. Nest's lifecycle drives it:
 * the worker starts once every provider is ready and is drained on shutdown, before the
 * database closes. A worker that stops on its own takes the process down with it.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_ACTIVITIES) private readonly activities: object,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    installRuntime(this.config);
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const workflowSource = this.config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: this.config.WORKFLOW_BUNDLE_PATH } }
      : {
          workflowsPath: workflowBundleOptions().workflowsPath,
          bundlerOptions: { webpackConfigHook: workflowBundleOptions().webpackConfigHook },
        };
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      activities: this.activities,
      ...workflowSource,
    });
    this.running = this.worker.run().then(
      () => this.logger.log('worker stopped'),
      (error: unknown) => {
        this.logger.error(`worker failed: ${String(error)}`);
        process.exitCode = 1;
        process.kill(process.pid, 'SIGTERM');
      },
    );
    this.logger.log(`worker polling task queue "${this.config.TEMPORAL_TASK_QUEUE}"`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
