/** The task queue served by `apps/worker`; overridable per deployment through TEMPORAL_TASK_QUEUE. */
export const DEFAULT_TASK_QUEUE = 'supervision';
