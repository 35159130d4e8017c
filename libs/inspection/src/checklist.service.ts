import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChecklistItem, findPage, type Page, type PageRequest } from '@lib/database';
import { ConflictError, ValidationError, type FieldProblem } from '@lib/errors';
import { scopedId } from './ids';
import { InspectionAccess, type CampaignScope } from './inspection-access';

/** The whole checklist as committee staff write it: focal points (监督重点) and their items (具体内容). */
export interface ChecklistInput {
  focalPoints: {
    focalPointNo: number;
    focalPoint: string;
    items: { itemNo: number; content: string; groupId?: string | null }[];
  }[];
}

export interface ChecklistView {
  campaignId: string;
  /** The campaign whose list this is: the root of a linked tree. */
  ownerCampaignId: string;
  focalPoints: {
    focalPointNo: number;
    focalPoint: string;
    items: { id: string; itemNo: number; content: string; groupId: string | null }[];
  }[];
}

/** One item of the checklist as a list shows it, with its focal point. */
export interface ChecklistEntry {
  /** `<ownerCampaignId>/FP03-07`. */
  id: string;
  /** The campaign whose list this is: the root of a linked tree. */
  ownerCampaignId: string;
  focalPointNo: number;
  focalPoint: string;
  itemNo: number;
  content: string;
  groupId: string | null;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `<campaignId>/FP03-07`: focal point 3, item 7. */
export function checklistItemId(campaignId: string, focalPointNo: number, itemNo: number): string {
  return `${campaignId}/FP${two(focalPointNo)}-${two(itemNo)}`;
}

export function checklistInherited(campaign: CampaignScope): ConflictError {
  return new ConflictError(
    'CHECKLIST_INHERITED',
    `campaign ${campaign.id} uses the checklist of ${campaign.rootCampaignId}, where it is kept`,
    `联动监督项目使用上级项目的清单，请在 ${campaign.rootCampaignId} 中维护`,
  );
}

/** The checklist (监督重点内容清单) of a campaign, shared by the campaigns linked below it. */
@Injectable()
export class ChecklistService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
  ) {}

  /**
   * A page of the checklist's items, by focal point and item number (unique within a list); a
   * linked campaign reads its root campaign's.
   */
  async list(campaignId: string, page: PageRequest = {}): Promise<Page<ChecklistEntry>> {
    const campaign = await this.access.campaign(campaignId);
    const found = await findPage(
      this.dataSource.getRepository(ChecklistItem),
      { where: { campaignId: campaign.rootCampaignId }, order: { focalPointNo: 'ASC', itemNo: 'ASC' } },
      page,
    );
    return {
      ...found,
      items: found.items.map((item) => ({
        id: item.id,
        ownerCampaignId: item.campaignId,
        focalPointNo: item.focalPointNo,
        focalPoint: item.focalPoint,
        itemNo: item.itemNo,
        content: item.content,
        groupId: item.groupId,
      })),
    };
  }

  /** The whole list, focal point by focal point, as `replace` writes it (and answers it). */
  private async view(campaignId: string): Promise<ChecklistView> {
    const campaign = await this.access.campaign(campaignId);
    const items = await this.dataSource.getRepository(ChecklistItem).find({
      where: { campaignId: campaign.rootCampaignId },
      order: { focalPointNo: 'ASC', itemNo: 'ASC' },
    });
    const focalPoints: ChecklistView['focalPoints'] = [];
    for (const item of items) {
      let point = focalPoints.at(-1);
      if (point?.focalPointNo !== item.focalPointNo) {
        point = { focalPointNo: item.focalPointNo, focalPoint: item.focalPoint, items: [] };
        focalPoints.push(point);
      }
      point.items.push({ id: item.id, itemNo: item.itemNo, content: item.content, groupId: item.groupId });
    }
    return { campaignId, ownerCampaignId: campaign.rootCampaignId, focalPoints };
  }

  /**
   * Replace the whole list. Items keep their ids (from their numbers), so findings citing an item
   * still do after an edit; an item that findings cite cannot be dropped. An item's group is what
   * the list says: an item given without `groupId` is unassigned.
   */
  async replace(campaignId: string, personId: string, input: ChecklistInput): Promise<ChecklistView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    if (campaign.rootCampaignId !== campaign.id) throw checklistInherited(campaign);

    const problems: FieldProblem[] = [];
    const rows: { id: string; fp: number; point: string; no: number; content: string; group: string | null }[] = [];
    const groupFields = new Map<string, string[]>();
    const points = new Set<number>();
    input.focalPoints.forEach((fp, i) => {
      if (points.has(fp.focalPointNo)) {
        problems.push({
          field: `focalPoints.${i}.focalPointNo`,
          code: 'DUPLICATE',
          message: `focal point ${fp.focalPointNo} is given twice`,
        });
      }
      points.add(fp.focalPointNo);
      const numbers = new Set<number>();
      fp.items.forEach((item, j) => {
        if (numbers.has(item.itemNo)) {
          problems.push({
            field: `focalPoints.${i}.items.${j}.itemNo`,
            code: 'DUPLICATE',
            message: `item ${item.itemNo} of focal point ${fp.focalPointNo} is given twice`,
          });
        }
        numbers.add(item.itemNo);
        const group = item.groupId ? scopedId(campaignId, item.groupId) : null;
        if (group) groupFields.set(group, [...(groupFields.get(group) ?? []), `focalPoints.${i}.items.${j}.groupId`]);
        rows.push({
          id: checklistItemId(campaignId, fp.focalPointNo, item.itemNo),
          fp: fp.focalPointNo,
          point: fp.focalPoint,
          no: item.itemNo,
          content: item.content,
          group,
        });
      });
    });
    if (groupFields.size > 0) {
      const known = await this.dataSource.query<{ id: string }[]>(
        'SELECT id FROM inspection_group WHERE campaign_id = $1 AND id = ANY($2)',
        [campaignId, [...groupFields.keys()]],
      );
      const found = new Set(known.map((g) => g.id));
      for (const [group, fields] of groupFields) {
        if (found.has(group)) continue;
        for (const field of fields) {
          problems.push({
            field,
            code: 'UNKNOWN_GROUP',
            message: `${field}: campaign ${campaignId} has no group ${group}`,
          });
        }
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);

    const ids = rows.map((r) => r.id);
    await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`checklist:${campaignId}`]);
      const cited = await tx.query<{ id: string }[]>(
        `SELECT DISTINCT c.id FROM checklist_item c JOIN finding f ON f.checklist_item_id = c.id
         WHERE c.campaign_id = $1 AND NOT (c.id = ANY($2)) ORDER BY c.id`,
        [campaignId, ids],
      );
      if (cited.length > 0) {
        const list = cited.map((c) => c.id).join(', ');
        throw new ConflictError(
          'CHECKLIST_ITEM_IN_USE',
          `findings cite ${list}: keep these items in the list`,
          `以下清单条目已被问题引用，不能删除：${list}`,
          'focalPoints',
        );
      }
      await tx.query('DELETE FROM checklist_item WHERE campaign_id = $1 AND NOT (id = ANY($2))', [campaignId, ids]);
      await tx.query(
        `INSERT INTO checklist_item (id, campaign_id, focal_point_no, focal_point, item_no, content, group_id)
         SELECT id, $1, fp, point, no, content, grp
         FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[])
           AS t(id, fp, point, no, content, grp)
         ON CONFLICT (id) DO UPDATE SET focal_point = EXCLUDED.focal_point, content = EXCLUDED.content,
           group_id = EXCLUDED.group_id`,
        [
          campaignId,
          ids,
          rows.map((r) => r.fp),
          rows.map((r) => r.point),
          rows.map((r) => r.no),
          rows.map((r) => r.content),
          rows.map((r) => r.group),
        ],
      );
    });
    return this.view(campaignId);
  }
}
