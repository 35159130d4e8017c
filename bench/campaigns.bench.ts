import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  CAMPAIGN_TREE_CTE,
  DynamicListService,
  handOffCampaign,
  handOffItemInput,
  listedFindings,
  ROLL_UP_COUNTS_SQL,
  type DynamicListFilter,
} from '@lib/campaigns';
import { parseConfig } from '@lib/config';
import {
  campaignWorkflowId,
  rectificationWorkflowId,
  type CampaignState,
  type CampaignView,
  type RectificationItemInput,
} from '@lib/contracts';
import { dataSourceOptions, runMigrations } from '@lib/database';
import { ADMIN_USERNAMES, ensureAdministrators, IdentityService } from '@lib/identity';
import { freePort, TEMPORAL_CLI_VERSION, waitUntil } from '@lib/local-stack';
import { OrganisationService } from '@lib/organisation';
import { itemCountSql, itemListSql, RectificationService } from '@lib/rectification';
import { workflowBundleOptions } from '@lib/temporal';
import {
  benchUnits,
  CITY_COMMITTEE,
  CITY_GOVERNMENT,
  CITY_STAFF,
  PROVINCE_COMMITTEE,
  PROVINCE_STAFF,
  listCampaignRowsSql,
  listCampaigns,
  listItemsSql,
  problemListSql,
  type ListCampaign,
} from './support/campaigns-data';
import { activityRuns } from './support/campaigns-history';
import { ApiClient } from './support/campaigns-http';
import { connectPg, explain, indexesOf, type PgClient, type PlanSummary } from './support/campaigns-pg';
import type { Bench, BenchContext, BenchLog } from './support/context';
import { Monitor, type PhaseResources } from './support/monitor';
import { spawnNode, waitForPoller, type NodeProcess } from './support/node-process';
import { pollUntil, runBounded } from './support/pool';
import { writeResults } from './support/results';
import { startBenchServers } from './support/servers';
import { round, roundSummary, summarize, type Summary } from './support/stats';

/**
 * `npm run bench -- campaigns`: how a campaign's hand-off of a 10,000-item problem list compares
 * with the engine opening the same items directly, and what the API adds to the dynamic list
 * and the roll-up over a million items compared with the bare SQL they run. See
 * docs/benchmarks.md.
 */

const options = z.object({
  /** Listed findings handed off, and items opened directly by the engine. */
  items: z.coerce.number().int().min(1).default(10_000),
  /** Findings of the warm-up hand-off and items of the warm-up opening (not measured). */
  warmup: z.coerce.number().int().min(0).default(200),
  /** Engine starts in flight (as the rectification bench). */
  concurrency: z.coerce.number().int().min(1).max(1_000).default(64),
  /** Which of the two 10,000-item phases runs first. */
  order: z.enum(['engine-first', 'hand-off-first']).default('engine-first'),
  /** Items generated for the dynamic list and the roll-up. */
  listItems: z.coerce.number().int().min(1_000).default(1_000_000),
  /** Measured iterations per dynamic-list variant (each: one API call, one SQL run, one scope + SQL run). */
  listIterations: z.coerce.number().int().min(1).default(200),
  /** Measured iterations per roll-up variant. */
  rollUpIterations: z.coerce.number().int().min(1).default(30),
  /** Iterations before the measured ones, per variant. */
  listWarmup: z.coerce.number().int().min(0).default(20),
  /** `hand-off`, `lists` or both. */
  parts: z.enum(['all', 'hand-off', 'lists']).default('all'),
  /** Where the Temporal dev server keeps its state (see the rectification bench). */
  temporalStore: z.enum(['memory', 'file']).default('memory'),
  /** A folder for a V8 CPU profile of the API process, written when it stops. */
  apiCpuProfile: z.string().min(1).optional(),
});
type Options = z.infer<typeof options>;

const TARGETS = { handOffRatio: 1.5, dynamicListP95Ratio: 2, rollUpP95Ratio: 2 } as const;
const OUTSIDE_CORE_SHARE = 0.25;
const TASK_QUEUE = 'bench-campaigns';
/** The list phase's tree: a province campaign, the city campaign below it, the counties below that. */
const LIST_PROVINCE = 'bench-province';
const LIST_CITY = 'bench-city';
const CAMPAIGN_TITLE = '积极应对人口老龄化 加快发展养老服务';
/** The password of the bench's accounts (the administrators and the committee staff member). */
const BENCH_PASSWORD = 'Bench-Password-2026';

function parseOptions(args: string[]): Options {
  const names = [
    'items',
    'warmup',
    'concurrency',
    'order',
    'list-items',
    'list-iterations',
    'roll-up-iterations',
    'list-warmup',
    'parts',
    'temporal-store',
    'api-cpu-profile',
  ];
  const { values } = parseArgs({
    args,
    strict: true,
    options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
  });
  const camel = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
  const parsed = options.safeParse(camel);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

interface Harness {
  opts: Options;
  api: ApiClient;
  client: Client;
  dataSource: DataSource;
  service: RectificationService;
  lists: DynamicListService;
  log: BenchLog;
  /** Throws when a child process has exited, so that a phase fails at once instead of timing out. */
  alive: () => void;
}

async function loadAverage(): Promise<[number, number, number] | null> {
  try {
    const [one, five, fifteen] = (await readFile('/proc/loadavg', 'utf8')).split(' ').map(Number);
    return [one, five, fifteen];
  } catch {
    return null;
  }
}

async function countOf(dataSource: DataSource, query: { sql: string; params: unknown[] }): Promise<number> {
  const [row] = await dataSource.query<{ total: number }[]>(query.sql, query.params);
  return row?.total ?? 0;
}

/** The moment (ms) the last of a campaign's items was projected: its item.assigned row's transaction. */
async function lastProjectedAt(dataSource: DataSource, campaignId: string): Promise<number> {
  const [row] = await dataSource.query<{ at: number | null }[]>(
    `SELECT extract(epoch FROM max(recorded_at)) * 1000 AS at FROM event_log WHERE stream LIKE $1 AND seq = 1`,
    [`${rectificationWorkflowId(`${campaignId}/`)}%`],
  );
  return Number(row?.at);
}

function phaseTimeoutMs(count: number): number {
  return Math.max(180_000, count * 100);
}

// ── part 1: the hand-off of a problem list against the engine's own starts ────────────────

/** A campaign launched through the API, moved on to inspection, with `findings` listed findings. */
async function prepareCampaign(h: Harness, campaignId: string, findings: number): Promise<void> {
  await h.api.call('POST', '/campaigns', {
    as: CITY_STAFF,
    expect: 202,
    body: {
      campaignId,
      title: CAMPAIGN_TITLE,
      level: 'city',
      committeeUnitId: CITY_COMMITTEE,
      jurisdictionUnitId: CITY_GOVERNMENT,
      legalBasis: '《河南省养老服务条例》',
    },
  });
  const projected = await pollUntil(
    async () => (await h.api.status(`/campaigns/${campaignId}`, CITY_STAFF)) === 200,
    60_000,
    100,
  );
  if (!projected) throw new Error(`campaign ${campaignId} never reached the read model`);
  const view = await h.api.call<CampaignView>('POST', `/campaigns/${campaignId}/actions/advance-phase`, {
    as: CITY_STAFF,
    body: { note: '进入调研检查阶段' },
  });
  if (view.phase !== 'inspection') throw new Error(`campaign ${campaignId} is in ${view.phase}, not inspection`);
  for (const statement of problemListSql(campaignId, findings)) {
    await h.dataSource.query(statement.sql, statement.params);
  }
}

/** The inputs the hand-off builds from a campaign's listed findings (handOffBatch, field for field). */
async function handOffInputs(h: Harness, campaignId: string): Promise<RectificationItemInput[]> {
  const campaign = await handOffCampaign(h.dataSource, campaignId);
  return (await listedFindings(h.dataSource, campaignId)).map((f) => handOffItemInput(campaign, f));
}

interface EnginePhase {
  campaignId: string;
  count: number;
  concurrency: number;
  startErrors: number;
  firstStartError?: string;
  /** First start call → last start call answered. */
  startCallsMs: number;
  startCallLatencyMs: Summary;
  /** First start call → the bench's poll of the dynamic-list count saw every item. */
  observedMs: number;
  /** First start call → the last item's projecting transaction (event_log.recorded_at). */
  projectedMs: number;
  perSecond: number;
  resources: PhaseResources;
}

/** The engine alone: the same inputs started directly, `concurrency` in flight. */
async function openDirectly(h: Harness, monitor: Monitor, campaignId: string): Promise<EnginePhase> {
  const inputs = await handOffInputs(h, campaignId);
  const count = itemCountSql(await h.lists.scope(campaignId, {}));
  h.log(`${campaignId}: opening ${inputs.length} items directly (${h.opts.concurrency} starts in flight)…`);
  const phase = await monitor.begin();
  const run = await runBounded(inputs.length, h.opts.concurrency, (i) => h.service.start(inputs[i]));
  const expected = inputs.length - run.errors.length;
  const complete = await pollUntil(
    async () => {
      h.alive();
      return (await countOf(h.dataSource, count)) >= expected;
    },
    phaseTimeoutMs(inputs.length),
    200,
  );
  const observedAt = Date.now();
  const resources = await phase.end();
  if (!complete) throw new Error(`${campaignId}: only ${await countOf(h.dataSource, count)} of ${expected} projected`);
  // What the hand-off would record afterwards; not timed.
  await h.dataSource.query(
    `UPDATE finding SET status = 'handed_off', item_id = id, updated_at = now() WHERE campaign_id = $1 AND status = 'listed'`,
    [campaignId],
  );
  const observedMs = observedAt - run.startedAt;
  return {
    campaignId,
    count: inputs.length,
    concurrency: h.opts.concurrency,
    startErrors: run.errors.length,
    ...(run.errors[0] ? { firstStartError: run.errors[0].message } : {}),
    startCallsMs: run.settledAt - run.startedAt,
    startCallLatencyMs: roundSummary(summarize(run.latenciesMs)),
    observedMs,
    projectedMs: Math.round((await lastProjectedAt(h.dataSource, campaignId)) - run.startedAt),
    perSecond: round((expected / observedMs) * 1000, 1),
    resources,
  };
}

interface HandOffPhase {
  campaignId: string;
  count: number;
  /** Sending the `hand-off` action → its answer (the Update accepted and applied). */
  acceptedMs: number;
  /** Sending the action → the bench's poll of the dynamic-list count saw every item. */
  observedMs: number;
  /** Sending the action → the last item's projecting transaction (event_log.recorded_at). */
  projectedMs: number;
  /** Sending the action → campaign.hand_off_finished recorded (every finding marked handed off). */
  finishedMs: number;
  perSecond: number;
  /** What the campaign's state says it did. */
  started: number;
  existing: number;
  findingsHandedOff: number;
  /** The handOffBatch activities, from the campaign's history. */
  batches: {
    count: number;
    attemptsAboveOne: number;
    /** Scheduled → completed, per batch. */
    durationMs: Summary;
    /** A batch's completion → the next batch scheduled: the workflow's turn between batches. */
    gapMs: Summary;
    /** Sending the action → the first batch started. */
    firstStartedMs: number;
  };
  resources: PhaseResources;
}

/** The campaign's own hand-off: the `hand-off` action through the API, timed until every item is listed. */
async function handOff(h: Harness, monitor: Monitor, campaignId: string, expected: number): Promise<HandOffPhase> {
  const count = itemCountSql(await h.lists.scope(campaignId, {}));
  h.log(`${campaignId}: handing off ${expected} listed findings through the campaign workflow…`);
  const phase = await monitor.begin();
  const sentAt = Date.now();
  await h.api.call<CampaignView>('POST', `/campaigns/${campaignId}/actions/hand-off`, {
    as: CITY_STAFF,
    body: {},
  });
  const acceptedMs = Date.now() - sentAt;
  const complete = await pollUntil(
    async () => {
      h.alive();
      return (await countOf(h.dataSource, count)) >= expected;
    },
    phaseTimeoutMs(expected),
    200,
  );
  const observedAt = Date.now();
  const resources = await phase.end();
  if (!complete) throw new Error(`${campaignId}: only ${await countOf(h.dataSource, count)} of ${expected} listed`);
  let state: CampaignState | undefined;
  const finished = await pollUntil(
    async () => {
      state = await h.api.call<CampaignState>('GET', `/campaigns/${campaignId}/state`, { as: CITY_STAFF });
      return !state.handOff.running;
    },
    120_000,
    200,
  );
  if (!finished || !state) throw new Error(`${campaignId}: the hand-off did not finish`);
  const [finishedRow] = await h.dataSource.query<{ at: number }[]>(
    `SELECT extract(epoch FROM max(recorded_at)) * 1000 AS at FROM event_log
     WHERE stream = $1 AND type = 'campaign.hand_off_finished'`,
    [campaignWorkflowId(campaignId)],
  );
  const [{ n: findingsHandedOff }] = await h.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM finding WHERE campaign_id = $1 AND status = 'handed_off'`,
    [campaignId],
  );
  const runs = await activityRuns(h.client, campaignWorkflowId(campaignId), 'handOffBatch');
  const gaps = runs.slice(1).map((r, i) => r.scheduledAt - runs[i].completedAt);
  const observedMs = observedAt - sentAt;
  return {
    campaignId,
    count: expected,
    acceptedMs,
    observedMs,
    projectedMs: Math.round((await lastProjectedAt(h.dataSource, campaignId)) - sentAt),
    finishedMs: Math.round(Number(finishedRow?.at) - sentAt),
    perSecond: round((expected / observedMs) * 1000, 1),
    started: state.handOff.started,
    existing: state.handOff.existing,
    findingsHandedOff,
    batches: {
      count: runs.length,
      attemptsAboveOne: runs.filter((r) => r.attempts > 1).length,
      durationMs: roundSummary(summarize(runs.map((r) => r.completedAt - r.scheduledAt))),
      gapMs: roundSummary(summarize(gaps)),
      firstStartedMs: runs[0] ? Math.round(runs[0].startedAt - sentAt) : Number.NaN,
    },
    resources,
  };
}

interface HandOffResults {
  order: Options['order'];
  warmup: { handOff: HandOffPhase; engine: EnginePhase } | null;
  handOff: HandOffPhase;
  engine: EnginePhase;
  handOffRatio: number;
  /** The same ratio from the last item's projection instead of the poll. */
  handOffRatioByProjection: number;
}

async function handOffPart(h: Harness, monitor: Monitor): Promise<HandOffResults> {
  const ids = {
    warmupHandOff: 'bench-warmup-hand-off',
    warmupEngine: 'bench-warmup-engine',
    handOff: 'bench-hand-off',
    engine: 'bench-engine',
  };
  h.log('launching the campaigns of the hand-off part and writing their problem lists…');
  for (const [id, findings] of [
    [ids.warmupHandOff, h.opts.warmup],
    [ids.warmupEngine, h.opts.warmup],
    [ids.handOff, h.opts.items],
    [ids.engine, h.opts.items],
  ] as const) {
    if (findings > 0) await prepareCampaign(h, id, findings);
  }
  await h.dataSource.query('VACUUM ANALYZE finding');
  let warmup: HandOffResults['warmup'] = null;
  if (h.opts.warmup > 0) {
    warmup = {
      handOff: await handOff(h, monitor, ids.warmupHandOff, h.opts.warmup),
      engine: await openDirectly(h, monitor, ids.warmupEngine),
    };
  }
  let engine: EnginePhase;
  let handOffPhase: HandOffPhase;
  if (h.opts.order === 'engine-first') {
    engine = await openDirectly(h, monitor, ids.engine);
    handOffPhase = await handOff(h, monitor, ids.handOff, h.opts.items);
  } else {
    handOffPhase = await handOff(h, monitor, ids.handOff, h.opts.items);
    engine = await openDirectly(h, monitor, ids.engine);
  }
  return {
    order: h.opts.order,
    warmup,
    handOff: handOffPhase,
    engine,
    handOffRatio: round(handOffPhase.observedMs / engine.observedMs, 3),
    handOffRatioByProjection: round(handOffPhase.projectedMs / engine.projectedMs, 3),
  };
}

// ── part 2: the dynamic list and the roll-up over a million items ─────────────────────────

interface Generation {
  campaigns: { campaignId: string; level: string; items: number }[];
  items: number;
  insertMs: number;
  vacuumAnalyzeMs: number;
  tableMb: number;
  indexesMb: Record<string, number>;
  spread: Record<string, Record<string, number>>;
}

async function generateList(h: Harness, tree: ListCampaign[]): Promise<Generation> {
  const rows = listCampaignRowsSql(tree);
  await h.dataSource.query(rows.sql, rows.params);
  const runner = h.dataSource.createQueryRunner();
  await runner.connect();
  const began = Date.now();
  try {
    await runner.query('SELECT setseed(0.2024)');
    // A few statements of about a quarter of the items each, so that progress shows.
    const quarter = Math.ceil(h.opts.listItems / 4);
    let group: ListCampaign[] = [];
    let inGroup = 0;
    let written = 0;
    for (const [i, campaign] of tree.entries()) {
      group.push(campaign);
      inGroup += campaign.items;
      if (inGroup >= quarter || i === tree.length - 1) {
        const statement = listItemsSql(tree[0].campaignId, group);
        await runner.query(statement.sql, statement.params);
        written += inGroup;
        h.log(`  ${written} of ${h.opts.listItems} items written (${((Date.now() - began) / 1000).toFixed(0)} s)`);
        group = [];
        inGroup = 0;
      }
    }
  } finally {
    await runner.release();
  }
  const insertMs = Date.now() - began;
  h.log('VACUUM ANALYZE…');
  const vacuumBegan = Date.now();
  await h.dataSource.query('VACUUM ANALYZE rectification_item');
  await h.dataSource.query('VACUUM ANALYZE campaign');
  const vacuumAnalyzeMs = Date.now() - vacuumBegan;
  const [{ table }] = await h.dataSource.query<{ table: string }[]>(
    `SELECT pg_relation_size('rectification_item') AS table`,
  );
  const indexRows = await h.dataSource.query<{ name: string; size: string }[]>(
    `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS size
     FROM pg_index WHERE indrelid = 'rectification_item'::regclass ORDER BY 1`,
  );
  const spreadOf = async (column: string): Promise<Record<string, number>> => {
    const rows = await h.dataSource.query<{ k: string | null; n: number }[]>(
      `SELECT ${column}::text AS k, count(*)::int AS n FROM rectification_item WHERE root_campaign_id = $1
       GROUP BY 1 ORDER BY 2 DESC`,
      [tree[0].campaignId],
    );
    return Object.fromEntries(rows.map((r) => [r.k ?? '(none)', r.n]));
  };
  const spread: Generation['spread'] = {};
  for (const column of ['status', 'traffic_light', 'escalation_level', 'campaign_level', 'round']) {
    spread[column] = await spreadOf(column);
  }
  const departments = await spreadOf('lead_department_id');
  spread.leadDepartmentsTop10 = Object.fromEntries(Object.entries(departments).slice(0, 10));
  spread.leadDepartmentsCount = { distinct: Object.keys(departments).length };
  const [{ n: withCo }] = await h.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM rectification_item WHERE root_campaign_id = $1 AND cardinality(co_department_ids) > 0`,
    [tree[0].campaignId],
  );
  spread.coDepartments = { itemsWithOne: withCo };
  return {
    campaigns: tree.map((c) => ({ campaignId: c.campaignId, level: c.level, items: c.items })),
    items: tree.reduce((sum, c) => sum + c.items, 0),
    insertMs,
    vacuumAnalyzeMs,
    tableMb: round(Number(table) / 1024 ** 2, 1),
    indexesMb: Object.fromEntries(indexRows.map((r) => [r.name, round(Number(r.size) / 1024 ** 2, 1)])),
    spread,
  };
}

interface ListVariant {
  name: string;
  campaignId: string;
  /** Who asks (the city's committee staff unless said). */
  as?: string;
  query: Record<string, string>;
  filter: DynamicListFilter;
}

interface Measured {
  api: number[];
  sql: number[];
  scopeAndSql: number[];
}

interface VariantResult {
  name: string;
  request: string;
  rows: number;
  apiMs: Summary;
  sqlMs: Summary;
  /** The campaign lookup (and tree, where the API reads one) plus the SQL, run one after the other. */
  scopeAndSqlMs: Summary;
  p95Ratio: number;
  p50Ratio: number;
  /** API p95 minus SQL p95. */
  overheadP95Ms: number;
  sql: string;
  params: unknown[];
}

function variantResult(name: string, request: string, rows: number, m: Measured, sql: string, params: unknown[]) {
  const apiMs = roundSummary(summarize(m.api), 2);
  const sqlMs = roundSummary(summarize(m.sql), 2);
  return {
    name,
    request,
    rows,
    apiMs,
    sqlMs,
    scopeAndSqlMs: roundSummary(summarize(m.scopeAndSql), 2),
    p95Ratio: round(apiMs.p95 / sqlMs.p95, 3),
    p50Ratio: round(apiMs.p50 / sqlMs.p50, 3),
    overheadP95Ms: round(apiMs.p95 - sqlMs.p95, 2),
    sql: sql.replace(/\s+/g, ' ').trim(),
    params,
  } satisfies VariantResult;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await run();
  return performance.now() - began;
}

/**
 * Run the three measurements of every variant once per iteration, rotating which goes first,
 * so that API and SQL see the same conditions.
 */
async function interleave(
  count: number,
  warmup: number,
  variants: { measure: [() => Promise<number>, () => Promise<number>, () => Promise<number>]; into: Measured }[],
): Promise<void> {
  for (let i = -warmup; i < count; i += 1) {
    for (const [v, variant] of variants.entries()) {
      const rotation = (((i + v) % 3) + 3) % 3;
      const order = [0, 1, 2].map((k) => (k + rotation) % 3);
      const results: number[] = [];
      for (const k of order) results[k] = await variant.measure[k]();
      if (i >= 0) {
        variant.into.api.push(results[0]);
        variant.into.sql.push(results[1]);
        variant.into.scopeAndSql.push(results[2]);
      }
    }
  }
}

interface ListResults {
  generation: Generation;
  dynamicList: (VariantResult & { plan: PlanSummary })[];
  /** Costs under every list request, measured in the same interleaving (see listsPart). */
  floor: { refusedRequestMs: Summary; selectOneMs: Summary; campaignLookupMs: Summary };
  rollUp: (VariantResult & { plans: { tree: PlanSummary; counts: PlanSummary } })[];
  dynamicListP95Ratio: number;
  rollUpP95Ratio: number;
  indexUsed: boolean;
  resources: PhaseResources;
  problems: string[];
}

async function listsPart(h: Harness, pg: PgClient, monitor: Monitor): Promise<ListResults> {
  const tree = listCampaigns(LIST_PROVINCE, LIST_CITY, h.opts.listItems);
  h.log(`writing ${h.opts.listItems} items over ${tree.length} campaigns straight into PostgreSQL…`);
  const generation = await generateList(h, tree);
  const problems: string[] = [];
  const county = `${LIST_CITY}-jinshui`;
  const variants: ListVariant[] = [
    { name: 'province, whole tree', campaignId: LIST_PROVINCE, as: PROVINCE_STAFF, query: {}, filter: {} },
    { name: 'whole tree', campaignId: LIST_CITY, query: {}, filter: {} },
    { name: 'level=county', campaignId: LIST_CITY, query: { level: 'county' }, filter: { level: 'county' } },
    {
      name: 'district',
      campaignId: LIST_CITY,
      query: { districtId: 'zz-jinshui' },
      filter: { districtId: 'zz-jinshui' },
    },
    {
      name: 'department',
      campaignId: LIST_CITY,
      query: { departmentId: 'zz-civil' },
      filter: { departmentId: 'zz-civil' },
    },
    {
      name: 'trafficLight=red',
      campaignId: LIST_CITY,
      query: { trafficLight: 'red' },
      filter: { trafficLight: 'red' },
    },
    {
      name: 'one county, includeLinked=false',
      campaignId: county,
      query: { includeLinked: 'false' },
      filter: { includeLinked: false },
    },
  ];
  const itemIndexes = await indexesOf(pg, 'rectification_item');
  const campaignLookup = 'SELECT * FROM campaign WHERE id = $1 LIMIT 1';
  const treeSql = `${CAMPAIGN_TREE_CTE}
     SELECT id AS "campaignId", parent_campaign_id AS "parentCampaignId", level, depth, title FROM tree ORDER BY depth, id`;

  const listRuns = [];
  for (const v of variants) {
    const scoped = await h.lists.scope(v.campaignId, v.filter);
    const { sql, params } = itemListSql(scoped);
    // The page alone, as the SQL it is compared with: the list's count is a query of its own.
    const request = `/campaigns/${v.campaignId}/dynamic-list?${new URLSearchParams({
      ...v.query,
      withTotal: 'false',
    }).toString()}`;
    // The API reads the campaign, and the tree when the list is of a linked campaign with those below it.
    const readsTree = v.filter.includeLinked !== false && v.campaignId !== tree[0].campaignId;
    const as = v.as ?? CITY_STAFF;
    const api = await h.api.timedGet(request, as);
    const apiIds = (JSON.parse(api.body.toString()) as { items: { itemId: string }[] }).items.map((r) => r.itemId);
    const sqlIds = (await pg.query(sql, params)).rows.map((r) => String(r.itemId));
    if (apiIds.join() !== sqlIds.join()) problems.push(`${v.name}: the API and the SQL listed different items`);
    if (sqlIds.length === 0) problems.push(`${v.name}: the list is empty`);
    const into: Measured = { api: [], sql: [], scopeAndSql: [] };
    listRuns.push({
      v,
      sql,
      params,
      request,
      rows: sqlIds.length,
      into,
      measure: [
        async () => (await h.api.timedGet(request, as)).ms,
        () => timed(() => pg.query(sql, params)),
        () =>
          timed(async () => {
            await pg.query(campaignLookup, [v.campaignId]);
            if (readsTree) await pg.query(treeSql, [v.campaignId]);
            await pg.query(sql, params);
          }),
      ] as [() => Promise<number>, () => Promise<number>, () => Promise<number>],
    });
  }

  const rollUpRuns = [];
  for (const campaignId of [LIST_CITY, county]) {
    const request = `/campaigns/${campaignId}/roll-up`;
    const bareRollUp = async (): Promise<number> => {
      const nodes = (await pg.query(treeSql, [campaignId])).rows;
      const counts = (await pg.query(ROLL_UP_COUNTS_SQL, [nodes.map((n) => String(n.campaignId))])).rows;
      return counts.reduce((sum, c) => sum + Number(c.total), 0);
    };
    const api = await h.api.timedGet(request, CITY_STAFF);
    const apiTotal = (JSON.parse(api.body.toString()) as { tree: { rolledUp: { total: number } } }).tree.rolledUp.total;
    const sqlTotal = await bareRollUp();
    const expected = tree
      .filter((c) => campaignId === LIST_CITY || c.campaignId === campaignId)
      .reduce((sum, c) => sum + c.items, 0);
    if (apiTotal !== sqlTotal || sqlTotal !== expected) {
      problems.push(`${request}: totals differ (API ${apiTotal}, SQL ${sqlTotal}, generated ${expected})`);
    }
    const into: Measured = { api: [], sql: [], scopeAndSql: [] };
    const sqlTime = () => timed(bareRollUp);
    rollUpRuns.push({
      campaignId,
      request,
      rows: sqlTotal,
      into,
      // The roll-up's SQL is already the whole of what it reads: the third measurement repeats it.
      measure: [async () => (await h.api.timedGet(request, CITY_STAFF)).ms, sqlTime, sqlTime] as [
        () => Promise<number>,
        () => Promise<number>,
        () => Promise<number>,
      ],
    });
  }

  const phase = await monitor.begin();
  h.log(
    `dynamic list: ${variants.length} variants × ${h.opts.listIterations} iterations (API, SQL, scope + SQL), ` +
      `after ${h.opts.listWarmup} warm-up iterations…`,
  );
  // What every request costs before any list is read: a request the validation refuses (HTTP, routing,
  // the pipe and the error filter), one round trip to PostgreSQL, and the campaign lookup of the scope.
  const floor: Measured = { api: [], sql: [], scopeAndSql: [] };
  const floorRun = {
    into: floor,
    measure: [
      async () => (await h.api.timedGet(`/campaigns/${LIST_CITY}/dynamic-list?level=nowhere`, CITY_STAFF, 400)).ms,
      () => timed(() => pg.query('SELECT 1')),
      () => timed(() => pg.query(campaignLookup, [LIST_CITY])),
    ] as [() => Promise<number>, () => Promise<number>, () => Promise<number>],
  };
  await interleave(h.opts.listIterations, h.opts.listWarmup, [...listRuns, floorRun]);
  h.log(`roll-up: 2 variants × ${h.opts.rollUpIterations} iterations…`);
  await interleave(h.opts.rollUpIterations, Math.min(3, h.opts.listWarmup), rollUpRuns);
  const resources = await phase.end();
  h.alive();

  h.log('EXPLAIN ANALYZE of every measured query…');
  const dynamicList = [];
  for (const r of listRuns) {
    const plan = await explain(pg, r.sql, r.params, itemIndexes);
    dynamicList.push({ ...variantResult(r.v.name, r.request, r.rows, r.into, r.sql, r.params), plan });
  }
  const rollUp = [];
  for (const r of rollUpRuns) {
    const nodes = (await pg.query(treeSql, [r.campaignId])).rows.map((n) => String(n.campaignId));
    const plans = {
      tree: await explain(pg, treeSql, [r.campaignId], itemIndexes),
      counts: await explain(pg, ROLL_UP_COUNTS_SQL, [nodes], itemIndexes),
    };
    rollUp.push({
      ...variantResult(`roll-up ${r.campaignId}`, r.request, r.rows, r.into, ROLL_UP_COUNTS_SQL, [nodes]),
      plans,
    });
  }
  return {
    generation,
    dynamicList,
    floor: {
      refusedRequestMs: roundSummary(summarize(floor.api), 2),
      selectOneMs: roundSummary(summarize(floor.sql), 2),
      campaignLookupMs: roundSummary(summarize(floor.scopeAndSql), 2),
    },
    rollUp,
    dynamicListP95Ratio: Math.max(...dynamicList.map((d) => d.p95Ratio)),
    rollUpP95Ratio: Math.max(...rollUp.map((d) => d.p95Ratio)),
    indexUsed: dynamicList.every((d) => d.plan.usesItemIndex),
    resources,
    problems,
  };
}

// ── the run ───────────────────────────────────────────────────────────────────────────────

function target(value: number | boolean | null, limit: number | true) {
  if (value === null) return { value, target: limit === true ? 'true' : `≤ ${limit}`, met: false, measured: false };
  const met = limit === true ? value === true : typeof value === 'number' && Number.isFinite(value) && value <= limit;
  return { value, target: limit === true ? 'true' : `≤ ${limit}`, met };
}

async function buildBundle(dir: string): Promise<string> {
  const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  const file = path.join(dir, 'workflow-bundle.js');
  await writeFile(file, bundle.code);
  return file;
}

async function run({ args, env, log, teardown, resultsDir }: BenchContext): Promise<void> {
  const opts = parseOptions(args);
  const began = Date.now();
  const loadAtStart = await loadAverage();
  log(`load average at start: ${loadAtStart?.join(' ') ?? 'unknown'}`);
  const withHandOff = opts.parts !== 'lists';
  const withLists = opts.parts !== 'hand-off';
  const servers = await startBenchServers(env, opts.temporalStore, teardown, log);

  const dataSource = await new DataSource(dataSourceOptions(servers.databaseUrl)).initialize();
  teardown.add('database connections', () => dataSource.destroy());
  log(`migrations applied: ${(await runMigrations(dataSource)).length}`);
  const pg = await connectPg(servers.databaseUrl);
  teardown.add('pg client', () => pg.end());

  const connection = await Connection.connect({ address: servers.temporalAddress });
  teardown.add('Temporal client', () => connection.close());
  const client = new Client({ connection, namespace: 'default' });

  const port = await freePort();
  const appEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    PORT: String(port),
    DATABASE_URL: servers.databaseUrl,
    TEMPORAL_ADDRESS: servers.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    // Production refuses to start without a key for sealing second factors.
    AUTH_SECRET_KEY: randomBytes(32).toString('base64'),
    EVIDENCE_DIR: path.join(servers.root, 'evidence'),
  };
  let worker: NodeProcess | undefined;
  if (withHandOff) {
    log('building the workflow bundle…');
    appEnv.WORKFLOW_BUNDLE_PATH = await buildBundle(servers.root);
    worker = spawnNode('worker', path.resolve(__dirname, '../apps/worker/src/main.js'), appEnv, log);
    const started = worker;
    teardown.add('worker', () => started.stop());
  }
  const profiling = opts.apiCpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.apiCpuProfile)}`] : [];
  const apiProcess = spawnNode('api', path.resolve(__dirname, '../apps/api/src/main.js'), appEnv, log, profiling);
  teardown.add('API', () => apiProcess.stop());
  const api = new ApiClient(`http://127.0.0.1:${port}`);
  teardown.add('API client', () => Promise.resolve(api.close()));
  await waitUntil(() => api.healthy(), { timeoutMs: 120_000, what: 'the API', child: apiProcess.child });
  if (worker) await waitForPoller(client, TASK_QUEUE, worker);
  log(`API up${worker ? ', worker polling' : ''}`);

  const config = parseConfig(appEnv);
  const alive = (): void => {
    for (const p of [apiProcess, ...(worker ? [worker] : [])]) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        throw new Error(`the ${p.name} exited during the run:\n${p.tail().slice(-4000)}`);
      }
    }
  };
  const h: Harness = {
    opts,
    api,
    client,
    dataSource,
    service: new RectificationService(client, dataSource, config, new OrganisationService(dataSource)),
    lists: new DynamicListService(dataSource),
    log,
    alive,
  };

  log('creating the organisation and the committee staff account through the API…');
  // The administrators are opened as `npm run accounts -- bootstrap` opens them.
  await ensureAdministrators(new IdentityService(dataSource, config), BENCH_PASSWORD);
  const system = ADMIN_USERNAMES.system_admin;
  const security = ADMIN_USERNAMES.security_admin;
  await api.signIn(system, BENCH_PASSWORD);
  await api.signIn(security, BENCH_PASSWORD);
  for (const unit of benchUnits()) await api.call('POST', '/org-units', { body: unit, as: system, expect: 201 });
  await api.call('POST', '/people', {
    body: { id: CITY_STAFF, name: '王干事', unitId: CITY_COMMITTEE },
    as: system,
    expect: 201,
  });
  await api.call('PUT', `/people/${encodeURIComponent(CITY_STAFF)}/roles`, {
    body: { roles: ['committee_staff'] },
    as: security,
  });
  await api.call('POST', '/accounts', {
    body: { username: CITY_STAFF, password: BENCH_PASSWORD, personId: CITY_STAFF },
    as: system,
    expect: 201,
  });
  await api.signIn(CITY_STAFF, BENCH_PASSWORD);
  await api.call('POST', '/people', {
    body: { id: PROVINCE_STAFF, name: '省干事', unitId: PROVINCE_COMMITTEE },
    as: system,
    expect: 201,
  });
  await api.call('PUT', `/people/${encodeURIComponent(PROVINCE_STAFF)}/roles`, {
    body: { roles: ['committee_staff'] },
    as: security,
  });
  await api.call('POST', '/accounts', {
    body: { username: PROVINCE_STAFF, password: BENCH_PASSWORD, personId: PROVINCE_STAFF },
    as: system,
    expect: 201,
  });
  await api.signIn(PROVINCE_STAFF, BENCH_PASSWORD);

  let handOffResults: HandOffResults | null = null;
  if (worker) {
    const monitor = new Monitor(
      [
        { name: 'worker', pid: worker.pid },
        { name: 'api', pid: apiProcess.pid },
        { name: 'temporal', pid: servers.temporalPid },
        { name: 'postgres', pid: servers.postgresPid, withChildren: true },
      ],
      worker.pid,
    );
    monitor.start();
    teardown.add('hand-off monitor', () => Promise.resolve(monitor.stop()));
    handOffResults = await handOffPart(h, monitor);
    monitor.stop();
    alive();
    // Nothing of the first part is due for days; the list part runs without the worker.
    await worker.stop();
    worker = undefined;
    log('worker stopped for the list part');
  }

  let listResults: ListResults | null = null;
  if (withLists) {
    const monitor = new Monitor(
      [
        { name: 'api', pid: apiProcess.pid },
        { name: 'temporal', pid: servers.temporalPid },
        { name: 'postgres', pid: servers.postgresPid, withChildren: true },
      ],
      apiProcess.pid,
    );
    monitor.start();
    teardown.add('list monitor', () => Promise.resolve(monitor.stop()));
    listResults = await listsPart(h, pg, monitor);
    monitor.stop();
  }
  const loadAtEnd = await loadAverage();

  const handOffRatio = handOffResults?.handOffRatio ?? null;
  const dynamicListP95Ratio = listResults?.dynamicListP95Ratio ?? null;
  const rollUpP95Ratio = listResults?.rollUpP95Ratio ?? null;
  const indexUsed = listResults?.indexUsed ?? null;
  const problems = [
    ...(listResults?.problems ?? []),
    ...(handOffResults
      ? [
          ...(handOffResults.engine.startErrors > 0
            ? [`${handOffResults.engine.startErrors} engine starts failed: ${handOffResults.engine.firstStartError}`]
            : []),
          ...(handOffResults.handOff.started !== opts.items || handOffResults.handOff.existing !== 0
            ? [
                `the hand-off started ${handOffResults.handOff.started} and found ${handOffResults.handOff.existing} ` +
                  `existing of ${opts.items}`,
              ]
            : []),
          ...(handOffResults.handOff.findingsHandedOff !== opts.items
            ? [`${handOffResults.handOff.findingsHandedOff} of ${opts.items} findings were marked handed off`]
            : []),
        ]
      : []),
  ];
  const measured: [string, PhaseResources | undefined][] = [
    ['hand-off', handOffResults?.handOff.resources],
    ['engine', handOffResults?.engine.resources],
    ['lists', listResults?.resources],
  ];
  const warnings = measured
    .filter(([, res]) => (res?.cpu.outside?.coreShare ?? 0) > OUTSIDE_CORE_SHARE)
    .map(
      ([name, res]) =>
        `${name}: the rest of the machine kept ${res?.cpu.outside?.coreShare} of a core busy ` +
        `(${res?.cpu.outside?.seconds} s); its figures are disturbed`,
    );
  const results = {
    bench: 'campaigns',
    startedAt: new Date(began).toISOString(),
    wallTimeMs: Date.now() - began,
    loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd },
    valid: problems.length === 0,
    problems,
    warnings,
    handOffRatio,
    dynamicListP95Ratio,
    rollUpP95Ratio,
    indexUsed,
    targets: {
      handOffRatio: target(handOffRatio, TARGETS.handOffRatio),
      dynamicListP95Ratio: target(dynamicListP95Ratio, TARGETS.dynamicListP95Ratio),
      rollUpP95Ratio: target(rollUpP95Ratio, TARGETS.rollUpP95Ratio),
      indexUsed: target(indexUsed, true),
    },
    parameters: opts,
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      postgres: (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version,
      postgresSettings: Object.fromEntries(
        (
          await pg.query<{ name: string; setting: string; unit: string | null }>(
            `SELECT name, setting, unit FROM pg_settings
             WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit')`,
          )
        ).rows.map((r) => [r.name, `${r.setting}${r.unit ? ` ${r.unit}` : ''}`]),
      ),
      temporalCli: TEMPORAL_CLI_VERSION,
      temporalStore: opts.temporalStore === 'file' ? 'SQLite file (dev server)' : 'SQLite in memory (dev server)',
    },
    handOff: handOffResults,
    lists: listResults,
  };
  const file = await writeResults(resultsDir, 'campaigns', results);
  process.stdout.write(report(results, file));
}

type Results = {
  handOffRatio: number | null;
  dynamicListP95Ratio: number | null;
  rollUpP95Ratio: number | null;
  indexUsed: boolean | null;
  targets: Record<string, { target: string; met: boolean; measured?: boolean }>;
  handOff: HandOffResults | null;
  lists: ListResults | null;
  loadAverage: { atStart: number[] | null; atEnd: number[] | null };
  valid: boolean;
  problems: string[];
  warnings: string[];
  wallTimeMs: number;
};

function report(r: Results, file: string): string {
  const mark = (name: string): string => {
    const t = r.targets[name];
    if (!t) return '';
    return `${t.target}  ${t.measured === false ? 'not measured' : t.met ? 'met' : 'MISSED'}`;
  };
  const cpu = (res: PhaseResources): string =>
    Object.entries(res.cpu)
      .map(([name, c]) => `${name} ${c.seconds}s`)
      .join(', ');
  const lines = ['', 'campaigns benchmark'];
  if (r.handOff) {
    const { handOff: ho, engine } = r.handOff;
    lines.push(
      `  hand-off (campaign)     ${ho.count} items in ${(ho.observedMs / 1000).toFixed(1)} s ` +
        `(${ho.perSecond}/s; last projected at ${(ho.projectedMs / 1000).toFixed(1)} s, ` +
        `finished at ${(ho.finishedMs / 1000).toFixed(1)} s; action answered in ${ho.acceptedMs} ms)`,
      `    batches               ${ho.batches.count} × handOffBatch: p50 ${ho.batches.durationMs.p50} ms, ` +
        `max ${ho.batches.durationMs.max} ms; gaps p50 ${ho.batches.gapMs.p50} ms, max ${ho.batches.gapMs.max} ms; ` +
        `first batch started at ${ho.batches.firstStartedMs} ms; retried ${ho.batches.attemptsAboveOne}`,
      `  engine (direct starts)  ${engine.count} items in ${(engine.observedMs / 1000).toFixed(1)} s ` +
        `(${engine.perSecond}/s; last projected at ${(engine.projectedMs / 1000).toFixed(1)} s; ` +
        `${engine.concurrency} in flight, start calls ${(engine.startCallsMs / 1000).toFixed(1)} s, ` +
        `p50/p99 ${engine.startCallLatencyMs.p50}/${engine.startCallLatencyMs.p99} ms)`,
      `  CPU (hand-off)          ${cpu(ho.resources)}`,
      `  CPU (engine)            ${cpu(engine.resources)}`,
      `  order                   ${r.handOff.order}; ratio by last projection ${r.handOff.handOffRatioByProjection}`,
    );
  }
  if (r.lists) {
    const g = r.lists.generation;
    lines.push(
      `  generated               ${g.items} items in ${g.campaigns.length} campaigns: insert ${(g.insertMs / 1000).toFixed(0)} s, ` +
        `VACUUM ANALYZE ${(g.vacuumAnalyzeMs / 1000).toFixed(0)} s; table ${g.tableMb} MB`,
      '  dynamic list            API p50/p95 ms | SQL p50/p95 ms | scope+SQL p95 | p95 ratio | plan',
    );
    for (const d of r.lists.dynamicList) {
      lines.push(
        `    ${d.name.padEnd(32)} ${d.apiMs.p50}/${d.apiMs.p95} | ${d.sqlMs.p50}/${d.sqlMs.p95} | ` +
          `${d.scopeAndSqlMs.p95} | ${d.p95Ratio} | ${d.plan.nodes.map((n) => n.trim()).join(' > ')}`,
      );
    }
    const f = r.lists.floor;
    lines.push(
      `    floor: refused request ${f.refusedRequestMs.p50}/${f.refusedRequestMs.p95}, SELECT 1 ` +
        `${f.selectOneMs.p50}/${f.selectOneMs.p95}, campaign lookup ${f.campaignLookupMs.p50}/${f.campaignLookupMs.p95} (p50/p95 ms)`,
    );
    lines.push('  roll-up                 API p50/p95 ms | SQL (tree + counts) p50/p95 ms | p95 ratio | counts plan');
    for (const d of r.lists.rollUp) {
      lines.push(
        `    ${d.name.padEnd(32)} ${d.apiMs.p50}/${d.apiMs.p95} | ${d.sqlMs.p50}/${d.sqlMs.p95} | ${d.p95Ratio} | ` +
          `${d.plans.counts.nodes.map((n) => n.trim()).join(' > ')}`,
      );
    }
    lines.push(`  CPU (lists)             ${cpu(r.lists.resources)}`);
  }
  const figure = (name: string, value: unknown): string =>
    `  ${name.padEnd(20)}${String(value).padEnd(10)} ${mark(name)}`;
  lines.push(
    '',
    figure('handOffRatio', r.handOffRatio),
    figure('dynamicListP95Ratio', r.dynamicListP95Ratio),
    figure('rollUpP95Ratio', r.rollUpP95Ratio),
    figure('indexUsed', r.indexUsed),
    '',
    r.valid ? '  run valid' : `  run NOT valid: ${r.problems.join('; ')}`,
    ...r.warnings.map((w) => `  warning: ${w}`),
    `  load average at start ${r.loadAverage.atStart?.join(' ') ?? 'unknown'}, at end ${r.loadAverage.atEnd?.join(' ') ?? 'unknown'}`,
    `  bench wall time ${(r.wallTimeMs / 1000).toFixed(0)} s; results in ${file}`,
    '',
  );
  return lines.join('\n');
}

export const campaignsBench: Bench = {
  summary: 'hand-off of 10,000 findings vs direct starts; dynamic list and roll-up over 1,000,000 items, API vs SQL',
  run,
};
