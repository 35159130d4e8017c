import type { DataSource } from 'typeorm';
import {
  ITEM_LIST_COLUMNS,
  ITEM_LIST_ORDER,
  itemListSql,
  itemListWhere,
  type ItemListFilter,
} from '@lib/rectification';
import { isolatedDatabase } from './support/isolated-database';

/**
 * The list of several campaigns' items (a linked campaign with campaigns below it that is not
 * their root) is read as one bounded scan per campaign, merged. It must give exactly the page
 * the plain query gives: same items, same order, every filter, every page.
 */
describe('the item list over several campaigns', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  const campaigns = ['prov/city', 'prov/city-a', 'prov/city-b', 'prov/city-c'];

  beforeAll(async () => {
    ({ dataSource, drop } = await isolatedDatabase());
    // 1,200 items over the four campaigns and one outside them, with deadlines and lights in
    // many ties, so that the order's later keys (due_at, item_id) decide often.
    await dataSource.query(
      `INSERT INTO rectification_item (item_id, workflow_id, title, status, round, committee_unit_id,
         lead_department_id, co_department_ids, district_id, campaign_id, root_campaign_id, campaign_level,
         deadline_step, due_at, due_date, deadline_provisional, traffic_light, escalation_level, extension_count,
         extension_pending, assigned_at, last_seq)
       SELECT 'item-' || lpad(n::text, 5, '0'), 'rectification/item-' || n, '问题 ' || n,
              (ARRAY['in_progress', 'acknowledged', 'closed'])[1 + n % 3], 1, 'committee',
              'dept-' || (n % 4), CASE WHEN n % 5 = 0 THEN ARRAY['dept-9', 'dept-' || ((n + 1) % 4)] ELSE ARRAY[]::text[] END,
              'district-' || (n % 3), (ARRAY['prov/city', 'prov/city-a', 'prov/city-b', 'prov/city-c', 'other'])[1 + n % 5],
              'prov', CASE WHEN n % 5 = 0 THEN 'city' ELSE 'county' END,
              CASE WHEN n % 7 = 0 THEN NULL ELSE 'rectify' END,
              CASE WHEN n % 7 = 0 THEN NULL ELSE timestamptz '2026-12-01' + (n % 40) * interval '1 day' END,
              NULL, false,
              CASE WHEN n % 7 = 0 THEN 'none' ELSE (ARRAY['red', 'yellow', 'green'])[1 + n % 3] END,
              'none', 0, false, now(), 1
         FROM generate_series(1, 1200) AS n`,
    );
    await dataSource.query('ANALYZE rectification_item');
  });
  afterAll(() => drop?.());

  /** The page as the plain query gives it: every matching item, sorted, then cut. */
  const reference = async (filter: ItemListFilter) => {
    const { campaignIds, limit = 50, offset = 0, ...rest } = filter;
    const { where, params } = itemListWhere({ ...rest, campaignIds });
    params.push(limit, offset);
    return dataSource.query<{ itemId: string }[]>(
      `SELECT ${ITEM_LIST_COLUMNS} FROM rectification_item ${where} ${ITEM_LIST_ORDER}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  };

  it.each<[string, ItemListFilter]>([
    ['the first page', {}],
    ['a later page', { limit: 20, offset: 140 }],
    ['past the end', { limit: 50, offset: 5000 }],
    ['red items', { trafficLight: 'red', limit: 30, offset: 30 }],
    ['one level', { level: 'county', offset: 50 }],
    ['red items of one department', { trafficLight: 'red', departmentId: 'dept-9' }],
    ['a department it leads and co-operates, second page', { departmentId: 'dept-1', limit: 40, offset: 40 }],
    ['one district at county level, second page', { districtId: 'district-1', level: 'county', offset: 50 }],
    ['a status', { status: 'closed', limit: 200 }],
    ['awaiting the department', { awaiting: 'department', offset: 20 }],
    [
      'what a department may see',
      { visibleTo: { departmentUnitIds: ['dept-1'], committeeUnitIds: [], campaignIds: [] }, limit: 30, offset: 10 },
    ],
  ])('gives the same page as the plain query: %s', async (_name, filter) => {
    const scoped = { ...filter, campaignIds: campaigns };
    const page = itemListSql(scoped);
    // Campaign by campaign unless a department, district, state or escalation narrows the list.
    const narrowed = Boolean(
      filter.departmentId ?? filter.districtId ?? filter.status ?? filter.escalationLevel ?? filter.awaiting,
    );
    expect(page.sql.includes('CROSS JOIN LATERAL')).toBe(!narrowed);
    expect(page.sql.includes('UNION ALL')).toBe(Boolean(filter.departmentId));
    const rows = await dataSource.query<{ itemId: string }[]>(page.sql, page.params);
    expect(rows).toEqual(await reference(scoped));
    if ((filter.offset ?? 0) < 200) expect(rows.length).toBeGreaterThan(0);
  });

  it('reads every page of the whole list once, in order', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 37) {
      const page = itemListSql({ campaignIds: campaigns, limit: 37, offset });
      const rows = await dataSource.query<{ itemId: string }[]>(page.sql, page.params);
      seen.push(...rows.map((r) => r.itemId));
      if (rows.length < 37) break;
    }
    const whole = await reference({ campaignIds: campaigns, limit: 2000 });
    expect(seen).toEqual(whole.map((r) => r.itemId));
    expect(seen).toHaveLength(960); // four campaigns of the five
  });

  it('lists one department, led and co-operated, as the plain query does, page by page', async () => {
    for (const filter of [
      { departmentId: 'dept-1' },
      { departmentId: 'dept-1', limit: 25, offset: 75 },
      { departmentId: 'dept-2', trafficLight: 'red', rootCampaignId: 'prov' },
      { departmentId: 'dept-9', status: 'in_progress', offset: 10 },
    ] satisfies ItemListFilter[]) {
      const page = itemListSql(filter);
      expect(page.sql).toContain('UNION ALL');
      const rows = await dataSource.query<{ itemId: string; leadDepartmentId: string }[]>(page.sql, page.params);
      expect(rows).toEqual(await reference(filter));
      expect(rows.length).toBeGreaterThan(0);
    }
    // Both parts contribute: items it leads and items it only co-operates on.
    const whole = itemListSql({ departmentId: 'dept-1', limit: 200 });
    const rows = await dataSource.query<{ leadDepartmentId: string }[]>(whole.sql, whole.params);
    expect(new Set(rows.map((r) => r.leadDepartmentId === 'dept-1'))).toEqual(new Set([true, false]));
  });

  it('keeps the plain query for one campaign and for other orders', () => {
    expect(itemListSql({ campaignIds: ['prov/city'] }).sql).not.toContain('LATERAL');
    expect(itemListSql({ campaignIds: campaigns, sort: '-dueAt' }).sql).not.toContain('LATERAL');
  });
});
