/** The activity implementations the worker registers, bound from injectable classes. */
export const WORKER_ACTIVITIES = Symbol('WORKER_ACTIVITIES');
