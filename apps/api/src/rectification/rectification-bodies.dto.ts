import type { ApiBodyOptions, ApiParamOptions, SchemaObject } from '@nestjs/swagger';
import { RECTIFICATION_ACTION_FIELDS, RECTIFICATION_ACTIONS, type RectificationActionName } from '@lib/contracts';
import { openItemSchema, periodSchema } from '@lib/rectification';
import { actionBody, zodBody, zodSchema, type ActionRules } from '../http/openapi';

/** Body of `POST /rectification-items`: the hand-off, as `openItemSchema` validates it. */
export const OPEN_ITEM_BODY: ApiBodyOptions = zodBody(
  openItemSchema,
  'The item handed off; policy fields left out take the defaults.',
);

/** `:action` of `POST /rectification-items/:itemId/actions/:action`. */
export const RECTIFICATION_ACTION_PARAM: ApiParamOptions = {
  name: 'action',
  enum: Object.keys(RECTIFICATION_ACTIONS),
  description: 'The action to perform on the item',
};

const text = (maxLength = 4000): SchemaObject => ({ type: 'string', minLength: 1, maxLength });
const unitId: SchemaObject = { type: 'string', minLength: 1, maxLength: 200 };

/** What each field an item action takes holds; the item's workflow checks them as it acts. */
const ACTION_FIELDS: Record<string, SchemaObject> = {
  note: text(),
  reason: text(),
  comment: text(),
  summary: text(),
  findings: text(),
  leadDepartmentId: unitId,
  coDepartmentIds: { type: 'array', items: unitId },
  measures: { type: 'array', minItems: 1, items: text() },
  decision: { type: 'string' },
  percentComplete: { type: 'number', minimum: 0, maximum: 100 },
  evidence: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['name', 'uri'],
      properties: { name: text(500), uri: text(2000), sha256: { type: 'string' } },
    },
  },
  rectifyWithin: { ...zodSchema(periodSchema), description: 'A new rectification period for the next round' },
  approvalRef: text(200),
  proposedDueDate: { type: 'string', format: 'date' },
  outcome: { type: 'string', enum: ['confirmed', 'relapsed'] },
};

/** What each action requires, as the item's rules (workflows/rectification/rules.ts) check it. */
const ACTION_RULES: Record<RectificationActionName, ActionRules> = {
  acknowledge: {},
  return: { required: ['reason'] },
  reassign: { required: ['leadDepartmentId'] },
  'submit-plan': { required: ['summary', 'measures'] },
  'review-plan': {
    required: ['decision'],
    fields: { decision: { type: 'string', enum: ['approve', 'revise'] } },
    description: 'A comment is required to ask for a revision.',
  },
  'report-progress': { required: ['summary'] },
  'submit-completion': { required: ['summary', 'evidence'] },
  'verify-completion': {
    required: ['decision'],
    fields: { decision: { type: 'string', enum: ['accept', 'send_back'] } },
    description: 'A comment is required to send the item back.',
  },
  'close-not-feasible': { required: ['reason', 'approvalRef'] },
  'request-extension': { required: ['reason', 'proposedDueDate'] },
  'decide-extension': { required: ['decision'], fields: { decision: { type: 'string', enum: ['approve', 'reject'] } } },
  'record-look-back': { required: ['outcome', 'findings'] },
};

/** Body of `POST /rectification-items/:itemId/actions/:action`: the fields the contract lets each action take. */
export const RECTIFICATION_ACTION_BODY: ApiBodyOptions = actionBody(
  RECTIFICATION_ACTION_FIELDS,
  ACTION_FIELDS,
  ACTION_RULES,
);
