import { z } from 'zod';
import {
  CAMPAIGN_LEVELS,
  DEFAULT_RECTIFICATION_POLICY,
  isLocalDateString,
  type RectificationItemInput,
  type RectificationPolicy,
} from '@lib/contracts';
import { ValidationError, type FieldProblem } from '@lib/errors';

const counting = z.enum(['working-days', 'calendar-days']);
const days = z.object({ days: z.number().int().min(1).max(3650), counting }).strict();
/** A period: counted days, a date, or an exact instant (see `PeriodSpec`). */
export const periodSchema = z.union([
  days,
  z.object({ until: z.string().refine(isLocalDateString, 'a date YYYY-MM-DD') }).strict(),
  z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
]);
const offset = z.number().int().min(0).max(250);

/** Policy fields a hand-off may set; the rest take the defaults. */
export const policySchema = z
  .object({
    acknowledgeWithin: periodSchema,
    planWithin: periodSchema,
    rectifyWithin: periodSchema,
    reportEvery: days,
    dueSoonWorkingDays: z.number().int().min(0).max(60),
    escalation: z
      .object({ reminder: offset, supervision_notice: offset, listed_supervision: offset })
      .strict()
      .refine(
        (e) => e.reminder <= e.supervision_notice && e.supervision_notice <= e.listed_supervision,
        'escalation offsets must not decrease along the ladder',
      ),
    lookBackAfter: days,
    reviewWithin: periodSchema,
  })
  .partial()
  .strict();

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/, 'letters, digits and . _ / - (at most 128)');
const text = (max: number) => z.string().trim().min(1).max(max);

/** What a hand-off must say about an item; missing policy fields take the defaults. */
export const openItemSchema = z
  .object({
    itemId: id,
    title: text(200),
    description: text(4000),
    location: text(500).optional(),
    source: z
      .object({
        campaignId: id.optional(),
        rootCampaignId: id.optional(),
        campaignLevel: z.enum(CAMPAIGN_LEVELS).optional(),
        inquiryQuestionId: id.optional(),
        checklistItemId: id.optional(),
        findingId: id.optional(),
      })
      .strict()
      .optional(),
    committeeUnitId: id,
    leadDepartmentId: id,
    coDepartmentIds: z.array(id).max(20).default([]),
    districtId: id.optional(),
    policy: policySchema.default({}),
    assignedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((v) => !v.coDepartmentIds.includes(v.leadDepartmentId), {
    message: 'the lead department cannot also co-operate',
    path: ['coDepartmentIds'],
  });

export type OpenItemRequest = z.input<typeof openItemSchema>;

/** Zod's issues as the error model's field problems (unknown fields named one by one). */
export function zodProblems(error: z.ZodError, what: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = at ? `${at}.${key}` : key;
        return { field, code: 'UNKNOWN_FIELD', message: `${field} is not a field of ${what}` };
      });
    }
    const field = at || 'body';
    return [{ field, code: issue.code.toUpperCase(), message: `${field}: ${issue.message}` }];
  });
}

/** Validate a hand-off into the workflow's input, or throw the field-by-field problems. */
export function parseOpenItem(body: unknown): RectificationItemInput {
  const parsed = openItemSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(zodProblems(parsed.error, 'a hand-off'));
  const { policy: given, ...rest } = parsed.data;
  const merged: RectificationPolicy = { ...DEFAULT_RECTIFICATION_POLICY, ...given };
  return { ...rest, policy: merged };
}
