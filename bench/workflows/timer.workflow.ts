import { sleep } from '@temporalio/workflow';

/**
 * The floor of the deadline burst: a workflow that waits on one timer until `untilIso` and then
 * completes, with no activity and no state. A thousand of them falling due at once show how
 * fast the server alone fires timers and dispatches the workflow tasks that follow.
 */
export async function timerWorkflow(untilIso: string): Promise<void> {
  const waitMs = Date.parse(untilIso) - Date.now();
  if (waitMs > 0) await sleep(waitMs);
}
