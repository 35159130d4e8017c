import {
  CAMPAIGN_PHASES,
  levelBelow,
  type Actor,
  type CampaignInput,
  type CampaignPhase,
  type CampaignState,
} from '@lib/contracts';
import { refuse, requireActor, requireRole, requireText } from '../shared/acting';

/**
 * The rules a committee action on a campaign must pass; used as Update validators, so a
 * refusal never enters history.
 */
type Args = Record<string, unknown>;

function asCommitteeStaff(input: CampaignInput, state: CampaignState, a: Args, what: string): Actor {
  if (state.phase === 'closed')
    refuse('CAMPAIGN_CLOSED', `campaign ${input.campaignId} is closed; ${what} is not possible`);
  const actor = requireActor(a.actor);
  requireRole(actor, ['committee_staff'], what);
  if (actor.unitId !== input.committeeUnitId) {
    refuse('UNIT_NOT_RESPONSIBLE', `only the organising committee ${input.committeeUnitId} may ${what}`);
  }
  return actor;
}

function requirePhase(state: CampaignState, allowed: CampaignPhase[], what: string): void {
  if (!allowed.includes(state.phase)) refuse('INVALID_STATE', `${what} is not possible in the ${state.phase} phase`);
}

const ID = /^[a-z0-9][a-z0-9-]{2,63}$/;

export const campaignRules = {
  advancePhase: (input: CampaignInput, state: CampaignState, a: Args): void => {
    asCommitteeStaff(input, state, a, 'advance the phase');
    if (state.phase === 'report') refuse('INVALID_STATE', 'the report phase ends by closing the campaign');
    if (a.note !== undefined) requireText(a.note, 'note');
  },
  handOff: (input: CampaignInput, state: CampaignState, a: Args): void => {
    asCommitteeStaff(input, state, a, 'hand off the problem list');
    requirePhase(state, ['inspection', 'inquiry', 'rectification'], 'handing off the problem list');
  },
  launchLinked: (input: CampaignInput, state: CampaignState, a: Args): void => {
    asCommitteeStaff(input, state, a, 'launch linked campaigns');
    requirePhase(state, ['planning', 'inspection'], 'launching linked campaigns');
    if (!levelBelow(input.level)) refuse('INVALID_STATE', `a ${input.level} campaign has no level below it`);
    const specs = a.campaigns;
    if (!Array.isArray(specs) || specs.length === 0)
      refuse('FIELD_REQUIRED', 'campaigns to launch are required', 'campaigns');
    if (specs.length > 200) refuse('FIELD_INVALID', 'at most 200 linked campaigns at once', 'campaigns');
    specs.forEach((spec: Args, i) => {
      if (typeof spec?.campaignId !== 'string' || !ID.test(spec.campaignId)) {
        refuse(
          'FIELD_INVALID',
          'campaignId must be 3–64 lower-case letters, digits or dashes',
          `campaigns.${i}.campaignId`,
        );
      }
      requireText(spec.organiser, `campaigns.${i}.organiser`, 200);
      requireText(spec.committeeUnitId, `campaigns.${i}.committeeUnitId`, 128);
      requireText(spec.jurisdictionUnitId, `campaigns.${i}.jurisdictionUnitId`, 128);
      if (spec.title !== undefined) requireText(spec.title, `campaigns.${i}.title`, 200);
    });
  },
  startLookBack: (input: CampaignInput, state: CampaignState, a: Args): void => {
    asCommitteeStaff(input, state, a, 'start the look-back');
    requirePhase(state, ['look_back'], 'starting the look-back');
    const sample = a.sample;
    if (sample !== undefined && (!Number.isInteger(sample) || (sample as number) < 1)) {
      refuse('FIELD_INVALID', 'sample must be a whole number of items ≥ 1', 'sample');
    }
  },
  closeCampaign: (input: CampaignInput, state: CampaignState, a: Args): void => {
    asCommitteeStaff(input, state, a, 'close the campaign');
    requirePhase(state, ['report'], 'closing');
    requireText(a.reason, 'reason');
  },
};

export function nextPhase(phase: CampaignPhase): CampaignPhase {
  return CAMPAIGN_PHASES[CAMPAIGN_PHASES.indexOf(phase) + 1] ?? 'closed';
}
