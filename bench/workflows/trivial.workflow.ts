/**
 * The baseline of the start benchmark: a workflow that completes in its first workflow task.
 * It takes the same input as a rectification item so that both carry the same payload.
 */
export function trivialWorkflow(_input: unknown): Promise<void> {
  return Promise.resolve();
}
