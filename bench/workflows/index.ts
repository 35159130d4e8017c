/** The bench's own workflow bundle, served by the bench's own worker; never part of `workflows/`. */
export { trivialWorkflow } from './trivial.workflow';
export { timerWorkflow } from './timer.workflow';
