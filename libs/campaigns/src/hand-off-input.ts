import type { DataSource } from 'typeorm';
import { DEFAULT_RECTIFICATION_POLICY, type RectificationItemInput, type RectificationPolicy } from '@lib/contracts';

/** A finding on the problem list (status `listed`), as the hand-off reads it. */
export interface ListedFinding {
  id: string;
  title: string;
  description: string;
  location: string | null;
  district_id: string | null;
  checklist_item_id: string | null;
  lead_department_id: string;
  co_department_ids: string[];
  policy: Partial<RectificationPolicy> | null;
}

/** What a campaign contributes to each item it hands off. */
export interface HandOffCampaign {
  id: string;
  committee_unit_id: string;
  root_campaign_id: string;
  level: 'province' | 'city' | 'county';
}

export async function handOffCampaign(dataSource: DataSource, campaignId: string): Promise<HandOffCampaign> {
  const [campaign] = await dataSource.query<HandOffCampaign[]>(
    'SELECT id, committee_unit_id, root_campaign_id, level FROM campaign WHERE id = $1',
    [campaignId],
  );
  if (!campaign) throw new Error(`campaign ${campaignId} has no row yet`);
  return campaign;
}

/** Listed findings of a campaign in id order, at most `limit` of them. */
export function listedFindings(dataSource: DataSource, campaignId: string, limit?: number): Promise<ListedFinding[]> {
  return dataSource.query<ListedFinding[]>(
    `SELECT id, title, description, location, district_id, checklist_item_id, lead_department_id,
            co_department_ids, policy
     FROM finding WHERE campaign_id = $1 AND status = 'listed' ORDER BY id LIMIT $2`,
    [campaignId, limit ?? null],
  );
}

/** The item a listed finding becomes: one item per finding, under the finding's own id. */
export function handOffItemInput(campaign: HandOffCampaign, f: ListedFinding): RectificationItemInput {
  return {
    itemId: f.id,
    title: f.title,
    description: f.description,
    ...(f.location ? { location: f.location } : {}),
    source: {
      campaignId: campaign.id,
      rootCampaignId: campaign.root_campaign_id,
      campaignLevel: campaign.level,
      findingId: f.id,
      ...(f.checklist_item_id ? { checklistItemId: f.checklist_item_id } : {}),
    },
    committeeUnitId: campaign.committee_unit_id,
    leadDepartmentId: f.lead_department_id,
    coDepartmentIds: f.co_department_ids,
    ...(f.district_id ? { districtId: f.district_id } : {}),
    policy: { ...DEFAULT_RECTIFICATION_POLICY, ...(f.policy ?? {}) },
  };
}
