export { TemporalClientModule } from './temporal-client.module';
export { WorkerHost } from './worker-host';
export { WORKER_ACTIVITIES } from './tokens';
export { bindActivities } from './bind-activities';
export { workflowBundleOptions, WORKFLOWS_PATH } from './workflow-bundle';
export { startOnce } from './start-once';
export { actionRefusal, actionMessageZh } from './action-refusal';
