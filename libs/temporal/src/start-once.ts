import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';

/**
 * Start a workflow under a business-key id exactly once: a second start of the same id is
 * refused, whether the first run is still open or long closed, and `onExists` says how.
 */
export async function startOnce(
  client: Client,
  options: { workflowType: string; workflowId: string; taskQueue: string; args: unknown[] },
  onExists: () => Error,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  try {
    return await client.workflow.start(options.workflowType, {
      workflowId: options.workflowId,
      taskQueue: options.taskQueue,
      args: options.args,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw onExists();
    throw error;
  }
}
