import { z } from 'zod';
import { CAMPAIGN_LEVELS, CAMPAIGN_PHASES, DEFAULT_PHASE_PLAN, type PhasePlan } from '@lib/contracts';
import { ValidationError } from '@lib/errors';
import { periodSchema, zodProblems } from '@lib/rectification';

const unitId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a unit id');
const working = CAMPAIGN_PHASES.filter((p) => p !== 'closed') as [PhasePlan['phase'], ...PhasePlan['phase'][]];

/** What committee staff give to launch a campaign; phases default to the usual plan. */
export const launchCampaignSchema = z
  .object({
    campaignId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '3–64 lower-case letters, digits or dashes'),
    title: z.string().trim().min(1).max(200),
    level: z.enum(CAMPAIGN_LEVELS),
    committeeUnitId: unitId,
    jurisdictionUnitId: unitId,
    legalBasis: z.string().trim().min(1).max(500).optional(),
    phases: z
      .array(z.object({ phase: z.enum(working), ends: periodSchema }).strict())
      .refine((p) => new Set(p.map((x) => x.phase)).size === p.length, 'each phase at most once')
      .optional(),
  })
  .strict();

export type LaunchCampaignRequest = z.input<typeof launchCampaignSchema>;

export function parseLaunch(body: unknown): z.output<typeof launchCampaignSchema> & { phases: PhasePlan[] } {
  const parsed = launchCampaignSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(zodProblems(parsed.error, 'a campaign'));
  return { ...parsed.data, phases: parsed.data.phases ?? DEFAULT_PHASE_PLAN };
}
