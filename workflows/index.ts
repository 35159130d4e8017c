/** The workflow bundle's entry point: every workflow type the worker serves. */
export { campaignWorkflow } from './campaign/campaign.workflow';
export { rectificationWorkflow } from './rectification/rectification.workflow';
