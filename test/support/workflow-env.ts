import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '@lib/temporal';
import { testEnv } from '../setup/test-env';

let runtimeInstalled = false;

/** Quiet SDK logs in tests; installed once per test process. */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

/**
 * Where a time-skipping test file's clock starts unless it pins another instant: Tuesday
 * 7 April 2026, 09:00 in Shanghai, a working day just after 清明 in a year the shipped holiday
 * notices cover. The server's clock starts here whatever today is, so every instant a test
 * reasons about (deadlines, ladders, look-backs, the years they cross) is the same on every day
 * the suite runs; only the seconds the run itself takes are added.
 */
export const PINNED_START = '2026-04-07T01:00:00Z';

/**
 * Temporal's Java time-skipping test server, its clock starting at `startAt`. The SDK gives the
 * JVM five seconds to listen; on a machine busy with other work it can take longer, so a start
 * that timed out is tried again (the JVM that missed the window is stopped by the SDK).
 */
export async function createTimeSkippingEnv(startAt: string = PINNED_START): Promise<TestWorkflowEnvironment> {
  installTestRuntime();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: {
          executable: { type: 'existing-path', path: testEnv('testServer') },
          extraArgs: [`--start-at=${new Date(startAt).toISOString()}`],
        },
      });
    } catch (error) {
      if (attempt >= 4 || !/did not start within/.test(String(error))) throw error;
      process.stderr.write(`[workflow tests] the time-skipping server was slow to start; trying again (${attempt})\n`);
    }
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  return bundle;
}
