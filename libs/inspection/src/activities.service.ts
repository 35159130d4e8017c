import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Actor, UnitKind } from '@lib/contracts';
import { findPage, InspectionActivity, InspectionGroup, type Page, type PageRequest } from '@lib/database';
import { NotFoundError, ValidationError } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { nextId, scopedId } from './ids';
import { InspectionAccess, type CampaignScope } from './inspection-access';

/** 听 (written and on-site reports), 查 (site visits, spot checks, unannounced visits), 询 (questionnaires). */
export const ACTIVITY_KINDS = [
  'written_report',
  'onsite_report',
  'site_visit',
  'spot_check',
  'unannounced_visit',
  'questionnaire',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Kinds that hear a unit's report (听取汇报): they must name the unit heard. */
const HEARINGS: ActivityKind[] = ['written_report', 'onsite_report'];

export interface NewActivity {
  kind: ActivityKind;
  title: string;
  groupId?: string;
  /** The unit heard or inspected. */
  unitId?: string;
  districtId?: string;
  location?: string;
  /** YYYY-MM-DD. */
  occurredOn?: string;
  notes?: string;
}

/**
 * An activity as a given person may see it. Where an unannounced visit (暗访) went and what its
 * notes say stay within its group and the committee's staff until findings are published, so
 * to anyone else `location` and `notes` are null and `redacted` is true.
 */
export type ActivityView = InspectionActivity & { redacted: boolean };

const UNITS_HEARD: UnitKind[] = ['government', 'department', 'district', 'street', 'town'];

/** Inspection activities (听、查、询) of a campaign. */
@Injectable()
export class InspectionActivitiesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  async create(campaignId: string, personId: string, input: NewActivity): Promise<ActivityView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    const actor = await this.access.actor(personId);
    const groupId = input.groupId ? scopedId(campaignId, input.groupId) : null;
    const group = await this.access.group(campaignId, groupId);
    if (groupId && !group) {
      throw new ValidationError([
        { field: 'groupId', code: 'UNKNOWN_GROUP', message: `campaign ${campaignId} has no group ${groupId}` },
      ]);
    }
    this.access.requireRecorder(actor, campaign, group);
    if (HEARINGS.includes(input.kind) && !input.unitId) {
      throw new ValidationError([
        { field: 'unitId', code: 'FIELD_REQUIRED', message: `a ${input.kind} names the unit heard (unitId)` },
      ]);
    }
    if (input.kind === 'unannounced_visit' && !groupId) {
      throw new ValidationError([
        { field: 'groupId', code: 'FIELD_REQUIRED', message: 'an unannounced visit belongs to the group that made it' },
      ]);
    }
    const units = [
      ...(input.unitId ? [{ field: 'unitId', id: input.unitId, kinds: UNITS_HEARD }] : []),
      ...(input.districtId ? [{ field: 'districtId', id: input.districtId, kinds: ['district' as const] }] : []),
    ];
    if (units.length > 0) await this.organisation.requireUnits(units);
    const id = await this.dataSource.transaction(async (tx) => {
      const activityId = await nextId(tx, 'inspection_activity', campaignId, 'A', 3);
      await tx.getRepository(InspectionActivity).insert({
        id: activityId,
        campaignId,
        groupId,
        kind: input.kind,
        title: input.title,
        unitId: input.unitId ?? null,
        districtId: input.districtId ?? null,
        location: input.location ?? null,
        occurredOn: input.occurredOn ?? null,
        notes: input.notes ?? null,
        respondents: 0,
        recordedBy: personId,
      });
      return activityId;
    });
    return this.get(campaignId, id, personId);
  }

  /**
   * A page of the campaign's activities, of one kind or one group if asked, by id (`A-001`,
   * `A-002`, …: the order they were recorded in), each as `viewerId` may see it.
   */
  async list(
    campaignId: string,
    viewerId: string | undefined,
    filter: { kind?: ActivityKind; groupId?: string } & PageRequest = {},
  ): Promise<Page<ActivityView>> {
    const campaign = await this.access.campaign(campaignId);
    const viewer = viewerId ? await this.access.actor(viewerId) : null;
    const found = await findPage(
      this.dataSource.getRepository(InspectionActivity),
      {
        where: {
          campaignId,
          ...(filter.kind ? { kind: filter.kind } : {}),
          ...(filter.groupId ? { groupId: scopedId(campaignId, filter.groupId) } : {}),
        },
        order: { id: 'ASC' },
      },
      filter,
    );
    return { ...found, items: await this.views(campaign, viewer, found.items) };
  }

  async get(campaignId: string, activityId: string, viewerId: string | undefined): Promise<ActivityView> {
    const campaign = await this.access.campaign(campaignId);
    const activity = await this.dataSource
      .getRepository(InspectionActivity)
      .findOneBy({ id: scopedId(campaignId, activityId), campaignId });
    if (!activity) throw new NotFoundError('Activity', activityId, '检查活动');
    const viewer = viewerId ? await this.access.actor(viewerId) : null;
    const [view] = await this.views(campaign, viewer, [activity]);
    return view;
  }

  /** Activities as `viewer` (null: nobody known) may see them. */
  async views(
    campaign: CampaignScope,
    viewer: Actor | null,
    activities: InspectionActivity[],
  ): Promise<ActivityView[]> {
    const groupIds = [...new Set(activities.flatMap((a) => (a.groupId ? [a.groupId] : [])))];
    const groups = groupIds.length
      ? await this.dataSource.getRepository(InspectionGroup).findBy({ id: In(groupIds) })
      : [];
    const byId = new Map(groups.map((g) => [g.id, g]));
    return activities.map((a) => {
      const hidden =
        a.kind === 'unannounced_visit' &&
        !this.access.isInsider(viewer, campaign, a.groupId ? (byId.get(a.groupId) ?? null) : null);
      return hidden ? { ...a, location: null, notes: null, redacted: true } : { ...a, redacted: false };
    });
  }
}
