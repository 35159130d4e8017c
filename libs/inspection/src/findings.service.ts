import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type QueryDeepPartialEntity } from 'typeorm';
import type { RectificationPolicy } from '@lib/contracts';
import {
  ChecklistItem,
  Finding,
  findPage,
  InspectionActivity,
  type Evidence,
  type Page,
  type PageRequest,
} from '@lib/database';
import { ConflictError, NotFoundError, ValidationError } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { policySchema, zodProblems } from '@lib/rectification';
import { InspectionActivitiesService, type ActivityView } from './activities.service';
import { nextId, scopedId } from './ids';
import { InspectionAccess, type CampaignScope } from './inspection-access';

export const SEVERITIES = ['minor', 'moderate', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const FINDING_STATUSES = ['open', 'merged', 'dismissed', 'listed', 'handed_off'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface NewFinding {
  /** The activity in which the problem was found: every finding cites one. */
  activityId: string;
  /** The checklist item (of the root campaign's list) the problem falls under. */
  checklistItemId?: string;
  title: string;
  description: string;
  location?: string;
  districtId?: string;
  evidence?: Evidence[];
  severity: Severity;
}

export interface FindingFilter extends PageRequest {
  status?: FindingStatus;
  activityId?: string;
  checklistItemId?: string;
}

/** What putting a finding on the problem list (问题清单) says: who rectifies it, under which policy. */
export interface Listing {
  leadDepartmentId: string;
  coDepartmentIds?: string[];
  /** Policy fields as a hand-off takes them; the rest take the defaults when it is handed off. */
  policy?: unknown;
}

export type FindingView = Finding & {
  activity: ActivityView;
  checklistItem: { id: string; focalPointNo: number; focalPoint: string; itemNo: number; content: string } | null;
};

/** Findings (问题) of a campaign, and the problem list (问题清单) made from them. */
@Injectable()
export class FindingsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(InspectionActivitiesService) private readonly activities: InspectionActivitiesService,
  ) {}

  async record(campaignId: string, personId: string, input: NewFinding): Promise<FindingView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    const actor = await this.access.actor(personId);
    const activity = await this.dataSource
      .getRepository(InspectionActivity)
      .findOneBy({ id: scopedId(campaignId, input.activityId), campaignId });
    if (!activity) {
      throw new ValidationError([
        {
          field: 'activityId',
          code: 'UNKNOWN_ACTIVITY',
          message: `campaign ${campaignId} has no activity ${input.activityId}`,
        },
      ]);
    }
    this.access.requireRecorder(actor, campaign, await this.access.group(campaignId, activity.groupId));
    // Linked campaigns inspect against their root campaign's list.
    const checklistItemId = input.checklistItemId ? scopedId(campaign.rootCampaignId, input.checklistItemId) : null;
    if (
      checklistItemId &&
      !(await this.dataSource
        .getRepository(ChecklistItem)
        .existsBy({ id: checklistItemId, campaignId: campaign.rootCampaignId }))
    ) {
      throw new ValidationError([
        {
          field: 'checklistItemId',
          code: 'UNKNOWN_CHECKLIST_ITEM',
          message: `the checklist of ${campaign.rootCampaignId} has no item ${input.checklistItemId}`,
        },
      ]);
    }
    if (input.districtId) {
      await this.organisation.requireUnits([{ field: 'districtId', id: input.districtId, kinds: ['district'] }]);
    }
    const id = await this.dataSource.transaction(async (tx) => {
      const findingId = await nextId(tx, 'finding', campaignId, 'F', 4);
      await tx.getRepository(Finding).insert({
        id: findingId,
        campaignId,
        activityId: activity.id,
        checklistItemId,
        districtId: input.districtId ?? null,
        location: input.location ?? null,
        title: input.title,
        description: input.description,
        evidence: input.evidence ?? [],
        severity: input.severity,
        status: 'open',
        coDepartmentIds: [],
        recordedBy: personId,
      });
      return findingId;
    });
    return this.get(id, personId);
  }

  /** A page of the campaign's findings that match the filter, by id (`F-0001`, …: the order they were recorded in). */
  async search(campaignId: string, filter: FindingFilter = {}): Promise<Page<Finding>> {
    const campaign = await this.access.campaign(campaignId);
    const where = {
      campaignId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.activityId ? { activityId: scopedId(campaignId, filter.activityId) } : {}),
      ...(filter.checklistItemId ? { checklistItemId: scopedId(campaign.rootCampaignId, filter.checklistItemId) } : {}),
    };
    return findPage(this.dataSource.getRepository(Finding), { where, order: { id: 'ASC' } }, filter);
  }

  /** The finding with the activity it cites (as `viewerId` may see it) and its checklist item. */
  async get(findingId: string, viewerId: string | undefined): Promise<FindingView> {
    const finding = await this.find(findingId);
    const campaign = await this.access.campaign(finding.campaignId);
    const viewer = viewerId ? await this.access.actor(viewerId) : null;
    const [activity, item] = await Promise.all([
      this.dataSource.getRepository(InspectionActivity).findOneByOrFail({ id: finding.activityId }),
      finding.checklistItemId
        ? this.dataSource.getRepository(ChecklistItem).findOneBy({ id: finding.checklistItemId })
        : null,
    ]);
    const [activityView] = await this.activities.views(campaign, viewer, [activity]);
    return {
      ...finding,
      activity: activityView,
      checklistItem: item
        ? {
            id: item.id,
            focalPointNo: item.focalPointNo,
            focalPoint: item.focalPoint,
            itemNo: item.itemNo,
            content: item.content,
          }
        : null,
    };
  }

  /** Merge a duplicate into the finding that stays (into an open or listed one of the same campaign). */
  async merge(findingId: string, personId: string, into: string): Promise<FindingView> {
    const campaign = await this.authorise(findingId, personId);
    const target = scopedId(campaign.id, into);
    if (target === findingId) {
      throw new ValidationError([{ field: 'into', code: 'SELF_MERGE', message: 'a finding cannot merge into itself' }]);
    }
    await this.dataSource.transaction(async (tx) => {
      // Both rows locked, in id order: two findings merged into each other at once cannot both succeed.
      const rows = await tx
        .getRepository(Finding)
        .createQueryBuilder('f')
        .setLock('pessimistic_write')
        .where('f.id IN (:...ids)', { ids: [findingId, target] })
        .orderBy('f.id')
        .getMany();
      const source = rows.find((f) => f.id === findingId)!;
      const kept = rows.find((f) => f.id === target && f.campaignId === campaign.id);
      if (!kept) {
        throw new ValidationError([
          { field: 'into', code: 'UNKNOWN_FINDING', message: `campaign ${campaign.id} has no finding ${into}` },
        ]);
      }
      requireOpen(source);
      if (kept.status !== 'open' && kept.status !== 'listed' && kept.status !== 'handed_off') {
        throw new ConflictError(
          'MERGE_TARGET_INVALID',
          `finding ${kept.id} is ${kept.status}: merge into a finding that stays`,
          `目标问题已${kept.status === 'merged' ? '被合并' : '不予列入'}，不能合并到该问题`,
          'into',
        );
      }
      await tx.getRepository(Finding).update({ id: findingId }, { status: 'merged', mergedInto: kept.id });
      // What proved the duplicate proves the finding that stays: its evidence is carried over
      // (once per uri), so the problem list and the hand-off see all of it.
      const carried = source.evidence.filter((e) => !kept.evidence.some((k) => k.uri === e.uri));
      if (carried.length > 0) {
        await tx.query(`UPDATE finding SET evidence = evidence || $2::jsonb WHERE id = $1`, [
          kept.id,
          JSON.stringify(carried),
        ]);
      }
    });
    return this.get(findingId, personId);
  }

  async dismiss(findingId: string, personId: string, reason: string): Promise<FindingView> {
    await this.authorise(findingId, personId);
    await this.transition(findingId, { status: 'dismissed', dismissedReason: reason });
    return this.get(findingId, personId);
  }

  /**
   * Put the finding on the problem list (列入问题清单) with its lead and co-operating
   * departments and policy; the campaign hands listed findings off as rectification items.
   */
  async putOnProblemList(findingId: string, personId: string, listing: Listing): Promise<FindingView> {
    await this.authorise(findingId, personId);
    const coDepartmentIds = listing.coDepartmentIds ?? [];
    const policy = policySchema.safeParse(listing.policy ?? {});
    const problems = policy.success ? [] : zodProblems(policy.error, 'a policy').map(underPolicy);
    if (coDepartmentIds.includes(listing.leadDepartmentId)) {
      problems.push({
        field: 'coDepartmentIds',
        code: 'LEAD_ALSO_CO_OPERATING',
        message: 'the lead department cannot also co-operate',
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const departments = ['department' as const, 'government' as const];
    await this.organisation.requireUnits([
      { field: 'leadDepartmentId', id: listing.leadDepartmentId, kinds: departments },
      ...coDepartmentIds.map((id, i) => ({ field: `coDepartmentIds.${i}`, id, kinds: departments })),
    ]);
    const given: Partial<RectificationPolicy> = policy.data ?? {};
    await this.transition(findingId, {
      status: 'listed',
      leadDepartmentId: listing.leadDepartmentId,
      coDepartmentIds: [...new Set(coDepartmentIds)],
      policy: given,
    });
    return this.get(findingId, personId);
  }

  /** The finding's campaign, if `personId` is committee staff of it. */
  private async authorise(findingId: string, personId: string): Promise<CampaignScope> {
    const finding = await this.find(findingId);
    const campaign = await this.access.campaignForWriting(finding.campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    return campaign;
  }

  /** Apply a decision to an open finding; a finding already decided is refused, however it was. */
  private async transition(findingId: string, changes: QueryDeepPartialEntity<Finding>): Promise<void> {
    const result = await this.dataSource
      .getRepository(Finding)
      .createQueryBuilder()
      .update()
      .set(changes)
      .where('id = :findingId AND status = :open', { findingId, open: 'open' })
      .execute();
    if (result.affected === 0) requireOpen(await this.find(findingId));
  }

  private async find(findingId: string): Promise<Finding> {
    const finding = await this.dataSource.getRepository(Finding).findOneBy({ id: findingId });
    if (!finding) throw new NotFoundError('Finding', findingId, '问题');
    return finding;
  }
}

function requireOpen(finding: Finding): void {
  if (finding.status === 'open') return;
  throw new ConflictError(
    'FINDING_NOT_OPEN',
    `finding ${finding.id} is ${finding.status}; only an open finding can be merged, dismissed or listed`,
    `问题 ${finding.id} 已处理（${finding.status}），只有未处理的问题才能合并、不予列入或列入问题清单`,
  );
}

function underPolicy(problem: { field: string; code: string; message: string }) {
  const field = problem.field === 'body' ? 'policy' : `policy.${problem.field}`;
  return { ...problem, field, message: problem.message.replace(problem.field, field) };
}
