import { DEFAULT_PHASE_PLAN } from '@lib/contracts';
import { DEPARTMENTS, DISTRICTS } from '@lib/demo';

/**
 * The organisation and the generated data of the campaigns bench: a city congress with its
 * committee, the city government with its 27 departments, the 16 districts and counties with
 * their congresses and a few bureaus each; problem lists written straight into `finding`, and a
 * million rectification items written straight into `rectification_item` by a few
 * `INSERT … SELECT generate_series` statements. Random draws are seeded, so every run makes the
 * same data.
 */

export const PROVINCE_CONGRESS = 'ha-npc';
export const PROVINCE_COMMITTEE = 'ha-social';
export const PROVINCE_GOVERNMENT = 'ha-gov';
/** Committee staff of the province committee: reads the province campaign's list. */
export const PROVINCE_STAFF = 'bench.province-staff';

export const CITY_CONGRESS = 'zz-npc';
export const CITY_COMMITTEE = 'zz-social';
export const CITY_GOVERNMENT = 'zz-gov';
/** Committee staff of the city committee: launches, advances and hands off the bench's campaigns. */
export const CITY_STAFF = 'bench.city-staff';

/** The 27 city departments, the most frequent lead (市民政局) first. */
export const CITY_DEPARTMENTS = DEPARTMENTS.map((d) => ({ id: `zz-${d.key}`, name: d.name }));
/** Bureaus of every district or county; each also exists at city level as `zz-<key>`. */
export const COUNTY_BUREAUS = [
  { key: 'civil', name: '民政局' },
  { key: 'health', name: '卫生健康委员会' },
  { key: 'housing', name: '住房保障和房地产管理局' },
  { key: 'market', name: '市场监督管理局' },
  { key: 'fire', name: '消防救援大队' },
  { key: 'finance', name: '财政局' },
] as const;

/** Relative size of each district's own list (roughly its population). */
const DISTRICT_WEIGHT: Record<string, number> = {
  jinshui: 1.6,
  zhongyuan: 1,
  erqi: 1,
  guancheng: 0.7,
  huiji: 0.35,
  shangjie: 0.15,
  gongyi: 0.8,
  xingyang: 0.7,
  xinmi: 0.8,
  xinzheng: 1,
  dengfeng: 0.7,
  zhongmu: 0.8,
};

export interface BenchDistrict {
  key: string;
  name: string;
  /** The district unit (kind `district`): the jurisdiction of its campaign and its items' district. */
  unitId: string;
  congressId: string;
  weight: number;
}

export const BENCH_DISTRICTS: BenchDistrict[] = DISTRICTS.map((d) => ({
  key: d.key,
  name: d.name,
  unitId: `zz-${d.key}`,
  congressId: `${d.key}-npc`,
  weight: DISTRICT_WEIGHT[d.key] ?? 0.5,
}));

export interface UnitBody {
  id: string;
  name: string;
  kind: string;
  level?: string;
  parentId?: string;
}

/** Every unit of the bench, parents first, as `POST /org-units` takes them. */
export function benchUnits(): UnitBody[] {
  return [
    { id: PROVINCE_CONGRESS, name: '河南省人大常委会', kind: 'congress', level: 'province' },
    {
      id: PROVINCE_COMMITTEE,
      name: '社会建设委员会',
      kind: 'committee',
      level: 'province',
      parentId: PROVINCE_CONGRESS,
    },
    { id: PROVINCE_GOVERNMENT, name: '河南省人民政府', kind: 'government', level: 'province' },
    { id: CITY_CONGRESS, name: '郑州市人大常委会', kind: 'congress', level: 'city' },
    { id: CITY_COMMITTEE, name: '社会建设委员会', kind: 'committee', level: 'city', parentId: CITY_CONGRESS },
    { id: CITY_GOVERNMENT, name: '郑州市人民政府', kind: 'government', level: 'city' },
    ...CITY_DEPARTMENTS.map((d) => ({ id: d.id, name: d.name, kind: 'department', parentId: CITY_GOVERNMENT })),
    ...BENCH_DISTRICTS.flatMap((d) => [
      { id: d.unitId, name: d.name, kind: 'district', level: 'county', parentId: CITY_GOVERNMENT },
      { id: d.congressId, name: `${d.name}人大常委会`, kind: 'congress', level: 'county' },
      ...COUNTY_BUREAUS.map((b) => ({
        id: `${d.key}-${b.key}`,
        name: `${d.name}${b.name}`,
        kind: 'department',
        parentId: d.unitId,
      })),
    ]),
  ];
}

/** States in which a deadline runs against the department (the others have no light). */
const RUNNING_STATUSES = ['assigned', 'acknowledged', 'plan_revision', 'in_progress'];

const PROBLEMS = [
  '社区日间照料中心建成后未正常运营',
  '养老机构消防通道被占用',
  '农村失能老人上门服务频次不足',
  '老年助餐点补贴发放滞后',
  '老旧小区适老化改造进度缓慢',
  '养老服务设施配建未落实规划要求',
  '护理型床位占比未达标',
  '养老护理员持证上岗率偏低',
  '医养结合签约服务流于形式',
  '特困人员供养机构设施老化',
  '居家养老服务补贴对象核定不准',
  '养老机构食品安全管理不规范',
];

/**
 * Write `count` listed findings of one campaign (ids `<campaignId>/F-00001` …) and the site
 * visit they cite, in one `INSERT … SELECT generate_series`. Leads are spread over the 27 city
 * departments (市民政局 most often), a third have a co-operating department, four in five name
 * a district.
 */
export function problemListSql(campaignId: string, count: number): { sql: string; params: unknown[] }[] {
  const activityId = `${campaignId}/A-001`;
  return [
    {
      sql: `INSERT INTO inspection_activity (id, campaign_id, kind, title, occurred_on)
            VALUES ($1, $2, 'site_visit', '实地察看养老服务站点', current_date)`,
      params: [activityId, campaignId],
    },
    {
      sql: `INSERT INTO finding (id, campaign_id, activity_id, district_id, location, title, description, severity,
              status, lead_department_id, co_department_ids, policy)
            SELECT $1 || '/F-' || lpad(g::text, 5, '0'), $1, $2,
                   CASE WHEN r_district < 0.8 THEN ($4::text[])[1 + floor(r_district / 0.8 * $7::int)::int] END,
                   CASE WHEN r_district < 0.8 THEN ($5::text[])[1 + floor(r_district / 0.8 * $7::int)::int] || '某社区' END,
                   ($6::text[])[1 + floor(r_title * $8::int)::int],
                   ($6::text[])[1 + floor(r_title * $8::int)::int] || '（实地察看发现，第' || g || '号）',
                   CASE WHEN r_severity < 0.5 THEN 'moderate' WHEN r_severity < 0.85 THEN 'minor' ELSE 'serious' END,
                   'listed', ($3::text[])[lead],
                   CASE WHEN r_co < 0.35 THEN ARRAY[($3::text[])[1 + (lead + floor(r_co / 0.35 * ($9::int - 1))::int) % $9::int]]
                        ELSE '{}'::text[] END,
                   '{}'::jsonb
            FROM (SELECT g, 1 + floor($9::int * power(random(), 1.8))::int AS lead, random() AS r_district,
                         random() AS r_title, random() AS r_severity, random() AS r_co
                  FROM generate_series(1, $10::int) g) drawn`,
      params: [
        campaignId,
        activityId,
        CITY_DEPARTMENTS.map((d) => d.id),
        BENCH_DISTRICTS.map((d) => d.unitId),
        BENCH_DISTRICTS.map((d) => d.name),
        PROBLEMS,
        BENCH_DISTRICTS.length,
        PROBLEMS.length,
        CITY_DEPARTMENTS.length,
        count,
      ],
    },
  ];
}

export interface ListCampaign {
  campaignId: string;
  level: 'province' | 'city' | 'county';
  /** The district of a county campaign (its jurisdiction); null for the city and the province. */
  district: BenchDistrict | null;
  /** The campaign it is linked below; null for the root. */
  parentId: string | null;
  depth: number;
  items: number;
}

/**
 * The linked tree of the list phase (三级联动): a province campaign at the root, holding no items
 * of its own; the city campaign below it; one campaign per district or county below the city.
 * The city's list is then that of a linked campaign with campaigns below it that is not their
 * root.
 */
export function listCampaigns(provinceId: string, cityId: string, totalItems: number, cityShare = 0.1): ListCampaign[] {
  const city = Math.round(totalItems * cityShare);
  const weights = BENCH_DISTRICTS.map((d) => d.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const rest = totalItems - city;
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map(Math.floor);
  // Largest remainders, so that the counts add up exactly.
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = rest - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k += 1) counts[order[k][1]] += 1;
  return [
    { campaignId: provinceId, level: 'province', district: null, parentId: null, depth: 0, items: 0 },
    { campaignId: cityId, level: 'city', district: null, parentId: provinceId, depth: 1, items: city },
    ...BENCH_DISTRICTS.map((d, i) => ({
      campaignId: `${cityId}-${d.key}`,
      level: 'county' as const,
      district: d,
      parentId: cityId,
      depth: 2,
      items: counts[i],
    })),
  ];
}

/** The campaign rows of the tree, in the phase where a dynamic list is read most (整改). */
export function listCampaignRowsSql(tree: ListCampaign[]): { sql: string; params: unknown[] } {
  const root = tree[0];
  return {
    sql: `INSERT INTO campaign (id, workflow_id, title, level, organiser, legal_basis, phase, last_seq, created_at,
            committee_unit_id, jurisdiction_unit_id, parent_campaign_id, root_campaign_id, depth, phase_due_at,
            phase_due_date, phase_light, phases, handed_off)
          SELECT id, 'campaign/' || id, '积极应对人口老龄化 加快发展养老服务', level, organiser, '《河南省养老服务条例》',
                 'rectification', 6, now() - interval '120 days', committee, jurisdiction,
                 parent, $6, depth,
                 now() + interval '60 days', (now() + interval '60 days')::date, 'green', $7::jsonb, items
          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $8::int[], $9::int[], $10::text[])
               AS t(id, level, organiser, committee, jurisdiction, depth, items, parent)`,
    params: [
      tree.map((c) => c.campaignId),
      tree.map((c) => c.level),
      tree.map((c) =>
        c.district
          ? `${c.district.name}人大常委会`
          : c.level === 'province'
            ? '省人大社会建设委员会'
            : '社会建设委员会',
      ),
      tree.map((c) => c.district?.congressId ?? (c.level === 'province' ? PROVINCE_COMMITTEE : CITY_COMMITTEE)),
      tree.map((c) => c.district?.unitId ?? (c.level === 'province' ? PROVINCE_GOVERNMENT : CITY_GOVERNMENT)),
      root.campaignId,
      JSON.stringify(DEFAULT_PHASE_PLAN),
      tree.map((c) => c.depth),
      tree.map((c) => c.items),
      tree.map((c) => c.parentId),
    ],
  };
}

/**
 * Items of the given campaigns of the tree, in one statement. Spreads as in a campaign well into
 * rectification: most items in progress, a quarter closed; of those with a running deadline
 * about one in six overdue (escalated 催办, 督办 or 挂牌督办 by how long) and one in ten due soon.
 * City items are led by the 27 city departments and four in five name a district; county items
 * by the county's bureaus, some with a co-operating bureau or their city counterpart.
 */
export function listItemsSql(rootId: string, campaigns: ListCampaign[]): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO rectification_item (item_id, workflow_id, title, status, round, committee_unit_id,
            lead_department_id, co_department_ids, district_id, campaign_id, root_campaign_id, campaign_level,
            deadline_step, due_at, due_date, deadline_provisional, traffic_light, escalation_level, extension_count,
            extension_pending, assigned_at, closed_at, last_seq, updated_at)
          SELECT item_id, 'rectification/' || item_id, title, status, round, committee, lead, co, district,
                 campaign_id, $1, level,
                 CASE WHEN status = 'assigned' THEN 'acknowledge'
                      WHEN status IN ('acknowledged', 'plan_revision') THEN 'plan'
                      WHEN status = 'in_progress' THEN 'rectify' END,
                 due_at, (due_at AT TIME ZONE 'Asia/Shanghai')::date, false, light, escalation,
                 CASE WHEN r_ext < 0.88 THEN 0 WHEN r_ext < 0.98 THEN 1 ELSE 2 END,
                 status IN ('acknowledged', 'plan_revision', 'in_progress') AND r_ext >= 0.85 AND r_ext < 0.88,
                 assigned_at,
                 CASE WHEN status IN ('closed', 'closed_not_feasible', 'confirmed')
                      THEN assigned_at + (20 + r_due * 100) * interval '1 day' END,
                 2 + round * 6 + floor(r_ext * 20)::int, now()
          FROM (
            SELECT s.*,
                   CASE WHEN light = 'red' THEN now() - CASE escalation
                          WHEN 'reminder' THEN r_due * 7 WHEN 'supervision_notice' THEN 7 + r_due * 7
                          ELSE 14 + r_due * 46 END * interval '1 day'
                        WHEN light = 'yellow' THEN now() + r_due * 3 * interval '1 day'
                        WHEN light = 'green' THEN now() + (3 + r_due * 117) * interval '1 day' END AS due_at
            FROM (
              SELECT l.*,
                     CASE WHEN light <> 'red' THEN 'none' WHEN r_esc < 0.55 THEN 'reminder'
                          WHEN r_esc < 0.85 THEN 'supervision_notice' ELSE 'listed_supervision' END AS escalation
              FROM (
                SELECT r.*, CASE WHEN status <> ALL ($16::text[]) THEN 'none' WHEN r_light < 0.18 THEN 'red'
                                 WHEN r_light < 0.28 THEN 'yellow' ELSE 'green' END AS light
                FROM (
                  SELECT d.*,
                         d.campaign_id || '/F-' || lpad(d.g::text, 6, '0') AS item_id,
                         ($4::text[])[1 + floor(d.r_title * $5::int)::int] AS title,
                         CASE WHEN r_status < 0.06 THEN 'assigned' WHEN r_status < 0.07 THEN 'returned'
                              WHEN r_status < 0.14 THEN 'acknowledged' WHEN r_status < 0.18 THEN 'plan_submitted'
                              WHEN r_status < 0.20 THEN 'plan_revision' WHEN r_status < 0.62 THEN 'in_progress'
                              WHEN r_status < 0.70 THEN 'completion_submitted' WHEN r_status < 0.94 THEN 'closed'
                              WHEN r_status < 0.96 THEN 'closed_not_feasible' ELSE 'confirmed' END AS status,
                         CASE WHEN r_round < 0.93 THEN 1 WHEN r_round < 0.99 THEN 2 ELSE 3 END AS round,
                         CASE WHEN d.level = 'city' THEN ($2::text[])[d.lead_i]
                              ELSE d.district_key || '-' || ($3::text[])[d.lead_i] END AS lead,
                         CASE WHEN d.level = 'city' THEN
                                CASE WHEN r_co < 0.35 THEN
                                  ARRAY[($2::text[])[1 + (d.lead_i + floor(r_co / 0.35 * ($6::int - 1))::int) % $6::int]]
                                ELSE '{}'::text[] END
                              WHEN r_co < 0.25 THEN
                                ARRAY[d.district_key || '-' || ($3::text[])[1 + (d.lead_i + floor(r_co / 0.25 * ($7::int - 1))::int) % $7::int]]
                              WHEN r_co < 0.30 THEN ARRAY['zz-' || ($3::text[])[d.lead_i]]
                              ELSE '{}'::text[] END AS co,
                         CASE WHEN d.level = 'county' THEN d.district_unit
                              WHEN r_district < 0.8 THEN ($8::text[])[1 + floor(r_district / 0.8 * $9::int)::int] END AS district,
                         now() - (10 + r_assigned * 190) * interval '1 day' AS assigned_at
                  FROM (
                    SELECT c.campaign_id, c.level, c.committee, c.district_key, c.district_unit, g,
                           CASE WHEN c.level = 'city' THEN 1 + floor($6::int * power(random(), 1.8))::int
                                ELSE 1 + floor($7::int * power(random(), 1.5))::int END AS lead_i,
                           random() AS r_status, random() AS r_light, random() AS r_esc, random() AS r_due,
                           random() AS r_co, random() AS r_district, random() AS r_round, random() AS r_ext,
                           random() AS r_assigned, random() AS r_title
                    FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[])
                           AS c(campaign_id, level, committee, district_key, district_unit, n)
                         CROSS JOIN LATERAL generate_series(1, c.n) g
                  ) d
                ) r
              ) l
            ) s
          ) t`,
    params: [
      rootId,
      CITY_DEPARTMENTS.map((d) => d.id),
      COUNTY_BUREAUS.map((b) => b.key),
      PROBLEMS,
      PROBLEMS.length,
      CITY_DEPARTMENTS.length,
      COUNTY_BUREAUS.length,
      BENCH_DISTRICTS.map((d) => d.unitId),
      BENCH_DISTRICTS.length,
      campaigns.map((c) => c.campaignId),
      campaigns.map((c) => c.level),
      campaigns.map((c) => c.district?.congressId ?? CITY_COMMITTEE),
      campaigns.map((c) => c.district?.key ?? ''),
      campaigns.map((c) => c.district?.unitId ?? ''),
      campaigns.map((c) => c.items),
      RUNNING_STATUSES,
    ],
  };
}
