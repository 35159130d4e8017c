/** Progress lines of a bench, on stderr so that stdout carries only its figures. */
export type BenchLog = (line: string) => void;

/** What the runner hands a bench: its arguments and environment, a log, and the teardown to register with. */
export interface BenchContext {
  args: string[];
  env: NodeJS.ProcessEnv;
  log: BenchLog;
  teardown: Teardown;
  /** Folder where the bench writes `<name>.json`. */
  resultsDir: string;
}

export interface Bench {
  /** One line for `npm run bench` without a name. */
  summary: string;
  run(context: BenchContext): Promise<void>;
}

/**
 * Everything a bench started, stopped in reverse order exactly once: on success, on error and
 * on SIGINT/SIGTERM alike. A step that fails to stop is reported and the others still run.
 */
export class Teardown {
  private readonly steps: { name: string; stop: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
  }

  run(log: BenchLog): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.stop();
          log(`stopped ${step.name}`);
        } catch (error) {
          log(`could not stop ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.running;
  }
}
