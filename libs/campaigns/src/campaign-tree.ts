import type { DataSource } from 'typeorm';

export interface CampaignNode {
  campaignId: string;
  parentCampaignId: string | null;
  level: string;
  depth: number;
  title: string;
}

/** A campaign and every campaign linked below it, level by level (三级联动). */
export const CAMPAIGN_TREE_CTE = `WITH RECURSIVE tree AS (
    SELECT id, parent_campaign_id, level, depth, title FROM campaign WHERE id = $1
    UNION ALL
    SELECT c.id, c.parent_campaign_id, c.level, c.depth, c.title FROM campaign c JOIN tree t ON c.parent_campaign_id = t.id
  )`;

export async function campaignTree(dataSource: DataSource, campaignId: string): Promise<CampaignNode[]> {
  return dataSource.query<CampaignNode[]>(
    `${CAMPAIGN_TREE_CTE}
     SELECT id AS "campaignId", parent_campaign_id AS "parentCampaignId", level, depth, title FROM tree ORDER BY depth, id`,
    [campaignId],
  );
}
