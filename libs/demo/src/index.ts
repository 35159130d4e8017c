export {
  loadDemo,
  linkedCampaignId,
  DEMO_CAMPAIGN_ID,
  DEMO_PASSWORD,
  type DemoOptions,
  type DemoSummary,
} from './loader';
export { formatDemoSummary } from './summary';
export { DemoRequestError, allPages } from './http';
export { STAGES, CITY_FINDINGS, DISTRICT_LISTS, type Stage, type DemoFinding, type DemoListing } from './data/findings';
export { FOCAL_POINTS } from './data/checklist';
export {
  ACTIVITIES,
  GROUPS,
  QUESTIONS,
  QUESTIONNAIRE_BATCHES,
  SHEETS_PER_BATCH,
  questionnaireBatch,
} from './data/inspection';
export { DEPARTMENTS, DISTRICTS, demoPeople, demoUnits } from './data/organisation';
export { CITY_TARGETS, DISTRICT_TARGETS, INQUIRY } from './data/outcomes';
