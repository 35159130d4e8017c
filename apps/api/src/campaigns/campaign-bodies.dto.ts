import type { ApiBodyOptions, ApiParamOptions, SchemaObject } from '@nestjs/swagger';
import { launchCampaignSchema } from '@lib/campaigns';
import { CAMPAIGN_ACTION_FIELDS, CAMPAIGN_ACTIONS, type CampaignActionName } from '@lib/contracts';
import { actionBody, zodBody, type ActionRules } from '../http/openapi';

/** Body of `POST /campaigns`, as `launchCampaignSchema` validates it. */
export const LAUNCH_CAMPAIGN_BODY: ApiBodyOptions = zodBody(
  launchCampaignSchema,
  'The campaign to launch; phases left out follow the usual plan.',
);

/** `:action` of `POST /campaigns/:campaignId/actions/:action`. */
export const CAMPAIGN_ACTION_PARAM: ApiParamOptions = {
  name: 'action',
  enum: Object.keys(CAMPAIGN_ACTIONS),
  description: 'The committee action to perform on the campaign',
};

const text = (maxLength = 4000): SchemaObject => ({ type: 'string', minLength: 1, maxLength });

/** What each field a campaign action takes holds; the campaign's workflow checks them as it acts. */
const ACTION_FIELDS: Record<string, SchemaObject> = {
  note: text(),
  reason: text(),
  sample: { type: 'integer', minimum: 1, description: 'How many closed items to select for the look-back' },
  campaigns: {
    type: 'array',
    minItems: 1,
    maxItems: 200,
    description: 'The campaigns to launch one level below, one per jurisdiction',
    items: {
      type: 'object',
      required: ['campaignId', 'organiser', 'committeeUnitId', 'jurisdictionUnitId'],
      properties: {
        campaignId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,63}$' },
        title: text(200),
        organiser: text(200),
        committeeUnitId: text(128),
        jurisdictionUnitId: text(128),
      },
    },
  },
};

/** What each action requires, as the campaign's rules (workflows/campaign/rules.ts) check it. */
const ACTION_RULES: Record<CampaignActionName, ActionRules> = {
  'advance-phase': {},
  'hand-off': { description: 'Hands the problem list off; takes no fields.' },
  'launch-linked': { required: ['campaigns'] },
  'start-look-back': {},
  close: { required: ['reason'] },
};

/** Body of `POST /campaigns/:campaignId/actions/:action`: the fields the contract lets each action take. */
export const CAMPAIGN_ACTION_BODY: ApiBodyOptions = actionBody(CAMPAIGN_ACTION_FIELDS, ACTION_FIELDS, ACTION_RULES);
