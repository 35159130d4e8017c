import { pageLimit } from '@lib/database';

/** One page of campaigns, filtered to what the reader may see. */
export interface CampaignListFilter {
  /** Visible: these campaigns, or those over these jurisdictions. */
  visibleTo: { campaignIds: string[]; jurisdictionUnitIds: string[] };
  level?: string;
  phase?: string;
  /** Words in the title. */
  q?: string;
  /** A column, descending with a leading `-`. */
  sort?: CampaignSort;
  limit?: number;
  offset?: number;
}

export const CAMPAIGN_SORTS = ['createdAt', '-createdAt', 'title', '-title', 'phaseDueDate', '-phaseDueDate'] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'created_at',
  title: 'title',
  phaseDueDate: 'phase_due_date',
};

export function campaignListSql(filter: CampaignListFilter): { sql: string; countSql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { campaignIds, jurisdictionUnitIds } = filter.visibleTo;
  const clauses = [
    `(id = ANY(${param(campaignIds)}::text[]) OR jurisdiction_unit_id = ANY(${param(jurisdictionUnitIds)}::text[]))`,
  ];
  if (filter.level) clauses.push(`level = ${param(filter.level)}`);
  if (filter.phase) clauses.push(`phase = ${param(filter.phase)}`);
  if (filter.q) clauses.push(`title ILIKE ${param(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  const sort = filter.sort ?? '-createdAt';
  const column = SORT_COLUMNS[sort.replace(/^-/, '')];
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const where = `WHERE ${clauses.join(' AND ')}`;
  const countSql = `SELECT count(*)::int AS total FROM campaign ${where}`;
  const sql = `SELECT id, title, level, phase, phase_light AS "phaseLight", to_char(phase_due_date, 'YYYY-MM-DD') AS "phaseDueDate",
      committee_unit_id AS "committeeUnitId", jurisdiction_unit_id AS "jurisdictionUnitId",
      parent_campaign_id AS "parentCampaignId", root_campaign_id AS "rootCampaignId", handed_off AS "handedOff",
      created_at AS "createdAt"
    FROM campaign ${where} ORDER BY ${column} ${direction} NULLS LAST, id
    LIMIT ${param(pageLimit(filter.limit))} OFFSET ${param(filter.offset ?? 0)}`;
  return { sql, countSql, params };
}
