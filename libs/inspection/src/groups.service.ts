import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChecklistItem, findPage, InspectionGroup, type Page, type PageRequest } from '@lib/database';
import { NotFoundError, ValidationError, type FieldProblem } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { checklistInherited } from './checklist.service';
import { nextId, scopedId } from './ids';
import { InspectionAccess } from './inspection-access';

export const GROUP_KINDS = ['research', 'law_enforcement'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A group's fields: what forming it takes, and what replacing them (`update`) takes again. */
export interface NewGroup {
  name: string;
  kind: GroupKind;
  /** People with an account: committee staff and inspectors. */
  memberIds?: string[];
  /** Deputies (人大代表) taking part, by name. */
  deputyNames?: string[];
  /** Districts, streets or towns the group inspects. */
  districtIds?: string[];
}

type GroupField = 'name' | 'kind' | 'memberIds' | 'deputyNames' | 'districtIds';

export type GroupView = InspectionGroup & {
  checklistItems: { id: string; focalPointNo: number; itemNo: number; content: string }[];
};

/** Inspection groups (专题调研组 / 执法检查组) of a campaign. */
@Injectable()
export class InspectionGroupsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  async create(campaignId: string, personId: string, input: NewGroup): Promise<GroupView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    const fields = await this.checkedFields(input);
    const id = await this.dataSource.transaction(async (tx) => {
      const groupId = await nextId(tx, 'inspection_group', campaignId, 'G', 2);
      await tx.getRepository(InspectionGroup).insert({ id: groupId, campaignId, ...fields });
      return groupId;
    });
    return this.get(campaignId, id);
  }

  /**
   * Replace the group's fields as a whole (name, kind, members, deputies, districts), checked as
   * `create` checks them; its id, campaign and checklist items stay. Who is a member is read
   * afresh on every access decision, so a member left out no longer records for the group nor
   * sees where its unannounced visits went, and one added does; what they recorded stays theirs.
   */
  async update(campaignId: string, groupId: string, personId: string, input: NewGroup): Promise<GroupView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    const group = await this.get(campaignId, groupId);
    const fields = await this.checkedFields(input);
    await this.dataSource.getRepository(InspectionGroup).update({ id: group.id, campaignId }, fields);
    return this.get(campaignId, group.id);
  }

  /** A page of the campaign's groups, by id (`G-01`, `G-02`, …: the order they were formed in). */
  async list(campaignId: string, page: PageRequest = {}): Promise<Page<InspectionGroup>> {
    await this.access.campaign(campaignId);
    return findPage(
      this.dataSource.getRepository(InspectionGroup),
      { where: { campaignId }, order: { id: 'ASC' } },
      page,
    );
  }

  async get(campaignId: string, groupId: string): Promise<GroupView> {
    await this.access.campaign(campaignId);
    const id = scopedId(campaignId, groupId);
    const group = await this.dataSource.getRepository(InspectionGroup).findOneBy({ id, campaignId });
    if (!group) throw new NotFoundError('Group', groupId, '检查组');
    const items = await this.dataSource.getRepository(ChecklistItem).find({
      where: { groupId: id },
      order: { focalPointNo: 'ASC', itemNo: 'ASC' },
    });
    return {
      ...group,
      checklistItems: items.map((i) => ({
        id: i.id,
        focalPointNo: i.focalPointNo,
        itemNo: i.itemNo,
        content: i.content,
      })),
    };
  }

  /**
   * Make `itemIds` the checklist items the group owns: items owned by another group move to this
   * one, and items of this group left out of the list are unassigned.
   */
  async assignChecklistItems(
    campaignId: string,
    groupId: string,
    personId: string,
    itemIds: string[],
  ): Promise<GroupView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    const group = await this.get(campaignId, groupId);
    if (campaign.rootCampaignId !== campaign.id) throw checklistInherited(campaign);
    const ids = itemIds.map((id) => scopedId(campaignId, id));
    const known = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM checklist_item WHERE campaign_id = $1 AND id = ANY($2)',
      [campaignId, ids],
    );
    const found = new Set(known.map((k) => k.id));
    const problems: FieldProblem[] = ids.flatMap((id, i) =>
      found.has(id)
        ? []
        : [{ field: `itemIds.${i}`, code: 'UNKNOWN_CHECKLIST_ITEM', message: `itemIds.${i}: no checklist item ${id}` }],
    );
    if (problems.length > 0) throw new ValidationError(problems);
    await this.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE checklist_item SET group_id = NULL WHERE group_id = $1 AND NOT (id = ANY($2))', [
        group.id,
        ids,
      ]);
      await tx.query('UPDATE checklist_item SET group_id = $1 WHERE id = ANY($2)', [group.id, ids]);
    });
    return this.get(campaignId, group.id);
  }

  /** A group's stored fields from what `create` or `update` was given: members and districts known, each once. */
  private async checkedFields(input: NewGroup): Promise<Pick<InspectionGroup, GroupField>> {
    await this.requirePeople(input.memberIds ?? []);
    if (input.districtIds?.length) {
      await this.organisation.requireUnits(
        input.districtIds.map((id, i) => ({
          field: `districtIds.${i}`,
          id,
          kinds: ['district' as const, 'street' as const, 'town' as const],
        })),
      );
    }
    return {
      name: input.name,
      kind: input.kind,
      memberIds: [...new Set(input.memberIds ?? [])],
      deputyNames: input.deputyNames ?? [],
      districtIds: [...new Set(input.districtIds ?? [])],
    };
  }

  private async requirePeople(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const known = await this.dataSource.query<{ id: string }[]>('SELECT id FROM person WHERE id = ANY($1) AND active', [
      ids,
    ]);
    const found = new Set(known.map((p) => p.id));
    const problems = ids.flatMap((id, i) =>
      found.has(id)
        ? []
        : [{ field: `memberIds.${i}`, code: 'UNKNOWN_PERSON', message: `memberIds.${i}: no active person ${id}` }],
    );
    if (problems.length > 0) throw new ValidationError(problems);
  }
}
