import type { DataSource } from 'typeorm';

export interface ListedFindingSpec {
  /** Within the campaign; the finding's id is `<campaignId>/<id>`, and so is its item's. */
  id: string;
  title: string;
  leadDepartmentId: string;
  coDepartmentIds?: string[];
  districtId?: string;
  policy?: Record<string, unknown>;
}

/**
 * A problem list ready for hand-off, written straight into the tables the inspection side
 * fills: one site visit and its findings, already listed with their departments.
 */
export async function seedProblemList(
  dataSource: DataSource,
  campaignId: string,
  findings: ListedFindingSpec[],
): Promise<void> {
  const activityId = `${campaignId}-visit`;
  await dataSource.query(
    `INSERT INTO inspection_activity (id, campaign_id, kind, title, occurred_on)
     VALUES ($1, $2, 'site_visit', '实地察看养老服务站点', current_date) ON CONFLICT DO NOTHING`,
    [activityId, campaignId],
  );
  for (const f of findings) {
    await dataSource.query(
      `INSERT INTO finding (id, campaign_id, activity_id, district_id, title, description, severity, status,
         lead_department_id, co_department_ids, policy)
       VALUES ($1, $2, $3, $4, $5, $6, 'moderate', 'listed', $7, $8, $9)`,
      [
        `${campaignId}/${f.id}`,
        campaignId,
        activityId,
        f.districtId ?? null,
        f.title,
        `${f.title}（实地察看发现）`,
        f.leadDepartmentId,
        f.coDepartmentIds ?? [],
        f.policy ? JSON.stringify(f.policy) : null,
      ],
    );
  }
}
