import type { EntityManager } from 'typeorm';

/**
 * Ids of a campaign's records are `<campaignId>/<local id>` (`zz-2024/F-0007`); a route or field
 * under the campaign may name a record by either form.
 */
export function scopedId(campaignId: string, id: string): string {
  return id.startsWith(`${campaignId}/`) ? id : `${campaignId}/${id}`;
}

type Numbered = 'inspection_group' | 'inspection_activity' | 'finding' | 'inquiry_question';

/**
 * The next id of a campaign's record, `<campaignId>/<prefix>-<n>`, numbered in the order of
 * recording because people cite them (问题 F-0031). Call inside the inserting transaction: the
 * advisory lock makes concurrent recorders of one campaign take turns instead of colliding.
 */
export async function nextId(
  tx: EntityManager,
  table: Numbered,
  campaignId: string,
  prefix: string,
  width: number,
): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${table}:${campaignId}`]);
  const head = `${campaignId}/${prefix}-`;
  const [row] = await tx.query<{ n: number }[]>(
    `SELECT coalesce(max(substr(id, $2)::int), 0) + 1 AS n FROM ${table} WHERE campaign_id = $1`,
    [campaignId, head.length + 1],
  );
  return `${head}${String(row?.n ?? 1).padStart(width, '0')}`;
}
