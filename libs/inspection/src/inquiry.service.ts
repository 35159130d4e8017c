import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findPage, InquiryQuestion, type Page, type PageRequest } from '@lib/database';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { policySchema, RectificationService, zodProblems } from '@lib/rectification';
import { nextId, scopedId } from './ids';
import { InspectionAccess } from './inspection-access';

export interface NewQuestion {
  question: string;
  /** The department or government the question is put to. */
  toUnitId: string;
  /** The findings the question was prepared from. */
  findingIds?: string[];
  /** Who puts it at the session (a member or deputy, by name). */
  askedBy?: string;
}

export interface Answer {
  answer: string;
  /** Who answered for the unit, by name. */
  answeredBy?: string;
  /** What the unit committed to (承诺): it becomes a rectification item led by that unit. */
  commitment?: string;
  /** Title of that item; by default taken from the question. */
  commitmentTitle?: string;
  /** Policy of that item, as a hand-off takes it. */
  policy?: unknown;
}

const TITLE_MAX = 200;

/** The special inquiry (专题询问): questions from findings, put to units, answered, commitments tracked. */
@Injectable()
export class InquiryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(RectificationService) private readonly rectification: RectificationService,
  ) {}

  async prepare(campaignId: string, personId: string, input: NewQuestion): Promise<InquiryQuestion> {
    const campaign = await this.access.campaignForWriting(campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    const findingIds = (input.findingIds ?? []).map((id) => scopedId(campaignId, id));
    if (findingIds.length > 0) {
      const known = await this.dataSource.query<{ id: string }[]>(
        'SELECT id FROM finding WHERE campaign_id = $1 AND id = ANY($2)',
        [campaignId, findingIds],
      );
      const found = new Set(known.map((f) => f.id));
      const problems = findingIds.flatMap((id, i) =>
        found.has(id)
          ? []
          : [{ field: `findingIds.${i}`, code: 'UNKNOWN_FINDING', message: `findingIds.${i}: no finding ${id}` }],
      );
      if (problems.length > 0) throw new ValidationError(problems);
    }
    await this.organisation.requireUnits([
      { field: 'toUnitId', id: input.toUnitId, kinds: ['department', 'government'] },
    ]);
    const id = await this.dataSource.transaction(async (tx) => {
      const questionId = await nextId(tx, 'inquiry_question', campaignId, 'Q', 3);
      await tx.getRepository(InquiryQuestion).insert({
        id: questionId,
        campaignId,
        findingIds: [...new Set(findingIds)],
        question: input.question,
        toUnitId: input.toUnitId,
        askedBy: input.askedBy ?? null,
      });
      return questionId;
    });
    return this.get(campaignId, id);
  }

  /** A page of the campaign's questions, by id (`Q-001`, `Q-002`, …: the order they were prepared in). */
  async list(campaignId: string, page: PageRequest = {}): Promise<Page<InquiryQuestion>> {
    await this.access.campaign(campaignId);
    return findPage(
      this.dataSource.getRepository(InquiryQuestion),
      { where: { campaignId }, order: { id: 'ASC' } },
      page,
    );
  }

  async get(campaignId: string, questionId: string): Promise<InquiryQuestion> {
    await this.access.campaign(campaignId);
    const question = await this.dataSource
      .getRepository(InquiryQuestion)
      .findOneBy({ id: scopedId(campaignId, questionId), campaignId });
    if (!question) throw new NotFoundError('Question', questionId, '询问问题');
    return question;
  }

  /**
   * Record the unit's answer. A commitment becomes the rectification item `<questionId>` (e.g.
   * `zz-2024/Q-003`), led by the unit asked and supervised by the campaign's committee. The item
   * is started before the answer is stored, and an item that already exists counts as started,
   * so recording an answer again (a retry, a correction) never starts a second item.
   */
  async answer(campaignId: string, questionId: string, personId: string, input: Answer): Promise<InquiryQuestion> {
    const campaign = await this.access.campaignForWriting(campaignId);
    const actor = await this.access.actor(personId);
    this.access.requireCommitteeStaff(actor, campaign);
    checkCommitment(input);
    const question = await this.get(campaignId, questionId);
    let itemId = question.commitmentItemId;
    if (input.commitment && !itemId) {
      const title = input.commitmentTitle ?? `专题询问承诺：${question.question}`;
      try {
        ({ itemId } = await this.rectification.open({
          itemId: question.id,
          title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
          description: input.commitment,
          source: {
            campaignId,
            rootCampaignId: campaign.rootCampaignId,
            campaignLevel: campaign.level,
            inquiryQuestionId: question.id,
          },
          // A campaign launched before campaigns named their committee: the recording staff member's.
          committeeUnitId: campaign.committeeUnitId ?? actor.unitId,
          leadDepartmentId: question.toUnitId,
          ...(input.policy === undefined ? {} : { policy: input.policy }),
        }));
      } catch (error) {
        if (!(error instanceof ConflictError && error.code === 'ITEM_EXISTS')) throw error;
        itemId = question.id;
      }
    }
    await this.dataSource.getRepository(InquiryQuestion).update(
      { id: question.id },
      {
        answer: input.answer,
        answeredBy: input.answeredBy ?? null,
        answeredAt: new Date(),
        // The commitment on record is the one its item was started with.
        commitment: question.commitmentItemId ? question.commitment : (input.commitment ?? null),
        commitmentItemId: itemId,
      },
    );
    return this.get(campaignId, question.id);
  }
}

/**
 * A commitment's title and deadline policy go with the commitment: alone they would be
 * silently dropped. The policy is checked as a hand-off checks it, even when the item exists.
 */
function checkCommitment(input: Answer): void {
  const problems: FieldProblem[] = [];
  if (!input.commitment) {
    for (const field of ['commitmentTitle', 'policy'] as const) {
      if (input[field] !== undefined) {
        problems.push({ field, code: 'FIELD_INVALID', message: `${field} goes with a commitment` });
      }
    }
  }
  if (input.policy !== undefined) {
    const parsed = policySchema.safeParse(input.policy);
    if (!parsed.success) {
      problems.push(
        ...zodProblems(parsed.error, 'a policy').map((p) => ({
          ...p,
          field: p.field ? `policy.${p.field}` : 'policy',
        })),
      );
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}
