import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseConfig } from '@lib/config';
import { DEFAULT_RECTIFICATION_POLICY, rectificationWorkflowId, type RectificationPolicy } from '@lib/contracts';
import { dataSourceOptions, runMigrations } from '@lib/database';
import { TEMPORAL_CLI_VERSION } from '@lib/local-stack';
import { OrganisationService } from '@lib/organisation';
import { RectificationService } from '@lib/rectification';
import { startOnce } from '@lib/temporal';
import { buildBundles, TIMER_WORKFLOW_TYPE, TRIVIAL_WORKFLOW_TYPE } from './support/bundles';
import { firstTimer, type FirstTimer } from './support/history';
import type { Bench, BenchContext } from './support/context';
import { benchItem } from './support/items';
import { Monitor, type PhaseResources } from './support/monitor';
import { spawnNode, waitForPoller, type NodeProcess } from './support/node-process';
import { runBounded, pollUntil, sleep } from './support/pool';
import { memoryOf } from './support/proc';
import { writeResults } from './support/results';
import { startBenchServers } from './support/servers';
import { round, roundSummary, summarize, type Summary } from './support/stats';

/**
 * `npm run bench -- rectification`: how fast rectification items open, how late a thousand
 * simultaneous deadlines escalate, how much memory the worker needs, and whether the cost per
 * item grows with the number of items. See docs/benchmarks.md.
 */

const options = z.object({
  /** Items (and trivial workflows) of the large start phase. */
  items: z.coerce.number().int().min(1).default(10_000),
  /** Items of the small start phase, the base of the per-item cost growth. */
  small: z.coerce.number().int().min(1).default(1_000),
  /** Items whose deadlines fall due at the same instant. */
  burst: z.coerce.number().int().min(1).default(1_000),
  /** Items and trivial workflows started first and not measured (JIT, caches, connections). */
  warmup: z.coerce.number().int().min(0).default(200),
  /** Start calls in flight. */
  concurrency: z.coerce.number().int().min(1).max(1_000).default(64),
  /**
   * Where the Temporal dev server keeps its state: in memory, as the test set-up runs it, or in
   * a SQLite file in the run's folder, as `npm start` does (much slower and noisier; see docs).
   */
  temporalStore: z.enum(['memory', 'file']).default('memory'),
  /**
   * Worker processes polling the item queue while the burst's items are opened and escalate
   * (the start phases always use one, like the trivial workflows they are compared with).
   */
  burstWorkers: z.coerce.number().int().min(1).max(4).default(1),
  /** Write V8 CPU profiles of the worker (every thread, whole run) into this folder. */
  workerCpuProfile: z.string().min(1).optional(),
});
type Options = z.infer<typeof options>;

const TARGETS = { startRatio: 0.5, escalationLagP99Ms: 5_000, perItemCostGrowth: 1.5 } as const;
/** Above this share of a core used outside the bench's processes, a phase is reported as disturbed. */
const OUTSIDE_CORE_SHARE = 0.25;
const RECTIFICATION_QUEUE = 'bench-rectification';
const TRIVIAL_QUEUE = 'bench-trivial';

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      items: { type: 'string' },
      small: { type: 'string' },
      burst: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      'temporal-store': { type: 'string' },
      'worker-cpu-profile': { type: 'string' },
      'burst-workers': { type: 'string' },
    },
  });
  const {
    'temporal-store': temporalStore,
    'worker-cpu-profile': workerCpuProfile,
    'burst-workers': burstWorkers,
    ...rest
  } = values;
  const parsed = options.safeParse({ ...rest, temporalStore, workerCpuProfile, burstWorkers });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

/** One batch of starts: rectification items (counted when projected) or trivial workflows (counted when completed). */
interface StartPhase {
  kind: 'rectification' | 'trivial';
  count: number;
  concurrency: number;
  startErrors: number;
  firstStartError?: string;
  /** First start call → last start call answered. */
  startCallsMs: number;
  startCallsPerSecond: number;
  startCallLatencyMs: Summary;
  /**
   * First start call → the last item's projecting transaction (event_log.recorded_at of
   * item.assigned) or the last trivial workflow's close time on the server.
   */
  durationMs: number;
  perSecond: number;
  perItemMs: number;
  /** First start call → the bench's polling saw every one counted (an upper bound of durationMs). */
  observedMs: number;
  resources: PhaseResources;
}

interface Harness {
  opts: Options;
  runId: string;
  client: Client;
  dataSource: DataSource;
  service: RectificationService;
  monitor: Monitor;
  log: BenchContext['log'];
  /** Throws when a worker has exited, so that a phase fails at once instead of timing out. */
  workersAlive: () => void;
}

/** Long enough for a slow machine, short enough that a stuck phase ends the run. */
function phaseTimeoutMs(count: number): number {
  return Math.max(120_000, count * 50);
}

async function openItems(h: Harness, label: string, count: number, policy?: RectificationPolicy): Promise<StartPhase> {
  const prefix = `bench-${h.runId}/${label}/`;
  h.log(`${label}: opening ${count} rectification items (${h.opts.concurrency} starts in flight)…`);
  const phase = await h.monitor.begin();
  const run = await runBounded(count, h.opts.concurrency, (i) => h.service.start(benchItem(prefix, i, policy)));
  const expected = count - run.errors.length;
  const countProjected = async (): Promise<number> => {
    const [row] = await h.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM rectification_item WHERE item_id LIKE $1',
      [`${prefix}%`],
    );
    return row?.n ?? 0;
  };
  const complete = await pollUntil(
    async () => {
      h.workersAlive();
      return (await countProjected()) >= expected;
    },
    phaseTimeoutMs(count),
    100,
  );
  const observedAt = Date.now();
  const resources = await phase.end();
  if (!complete) {
    throw new Error(`${label}: only ${await countProjected()} of ${expected} items were projected in time`);
  }
  const [last] = await h.dataSource.query<{ at: number }[]>(
    `SELECT extract(epoch FROM max(recorded_at)) * 1000 AS at FROM event_log WHERE stream LIKE $1 AND seq = 1`,
    [`${rectificationWorkflowId(prefix)}%`],
  );
  return startPhase('rectification', count, h.opts.concurrency, run, Number(last?.at), observedAt, resources);
}

async function startTrivial(h: Harness, label: string, count: number): Promise<StartPhase> {
  const prefix = `bench-trivial/${h.runId}/${label}/`;
  h.log(`${label}: starting ${count} trivial workflows (${h.opts.concurrency} starts in flight)…`);
  const phase = await h.monitor.begin();
  const run = await runBounded(count, h.opts.concurrency, (i) =>
    startOnce(
      h.client,
      {
        workflowType: TRIVIAL_WORKFLOW_TYPE,
        workflowId: `${prefix}${i}`,
        taskQueue: TRIVIAL_QUEUE,
        args: [benchItem(prefix, i)],
      },
      () => new Error(`workflow ${prefix}${i} already exists`),
    ),
  );
  const expected = count - run.errors.length;
  const query = `WorkflowType = "${TRIVIAL_WORKFLOW_TYPE}" AND ExecutionStatus = "Completed" AND WorkflowId STARTS_WITH "${prefix}"`;
  const countCompleted = async (): Promise<number> => (await h.client.workflow.count(query)).count;
  const complete = await pollUntil(
    async () => {
      h.workersAlive();
      return (await countCompleted()) >= expected;
    },
    phaseTimeoutMs(count),
    250,
  );
  const observedAt = Date.now();
  const resources = await phase.end();
  if (!complete) {
    throw new Error(`${label}: only ${await countCompleted()} of ${expected} trivial workflows completed in time`);
  }
  let lastClose = 0;
  for await (const execution of h.client.workflow.list({ query })) {
    lastClose = Math.max(lastClose, execution.closeTime?.getTime() ?? 0);
  }
  return startPhase('trivial', count, h.opts.concurrency, run, lastClose, observedAt, resources);
}

function startPhase(
  kind: StartPhase['kind'],
  count: number,
  concurrency: number,
  run: Awaited<ReturnType<typeof runBounded>>,
  lastCountedAt: number,
  observedAt: number,
  resources: PhaseResources,
): StartPhase {
  const counted = count - run.errors.length;
  const durationMs = lastCountedAt - run.startedAt;
  const startCallsMs = run.settledAt - run.startedAt;
  return {
    kind,
    count,
    concurrency,
    startErrors: run.errors.length,
    ...(run.errors[0] ? { firstStartError: run.errors[0].message } : {}),
    startCallsMs,
    startCallsPerSecond: round((counted / startCallsMs) * 1000, 1),
    startCallLatencyMs: roundSummary(summarize(run.latenciesMs)),
    durationMs,
    perSecond: round((counted / durationMs) * 1000, 1),
    perItemMs: round(durationMs / counted, 3),
    observedMs: observedAt - run.startedAt,
    resources,
  };
}

interface BurstPhase {
  count: number;
  /** The instant every item's acknowledgement deadline (and its reminder) falls due. */
  dueAt: string;
  /** How far ahead of the burst's first start the instant was set. */
  leadMs: number;
  opening: StartPhase;
  /** Whether every item was started and projected before the instant (the measurement's precondition). */
  allProjectedBeforeDue: boolean;
  /** The instant minus the last item's projection. */
  marginMs: number;
  escalated: number;
  missing: number;
  /** recorded_at of each item's escalation.reminder row minus the instant. */
  lagMs: Summary;
  /** Where the lag goes, from each item's history (relative to the instant). */
  breakdown: TimerBreakdown;
  resources: PhaseResources;
}

/** From the workflows' histories: when the timer fired and its workflow task ran, relative to the instant (ms). */
interface TimerBreakdown {
  read: number;
  /** Whether every timer was started before the instant. */
  allTimersStartedBeforeDue: boolean;
  timerFiredMs: Summary;
  taskStartedMs: Summary;
  taskCompletedMs: Summary;
  /** Task started minus task scheduled: how long the task waited for a worker to take it. */
  taskQueuedMs: Summary;
  /** Workflows whose task timed out on the sticky queue (and was replayed from history elsewhere). */
  stickyTimeouts: number;
}

async function timerBreakdown(h: Harness, workflowIds: string[], dueAtMs: number): Promise<TimerBreakdown> {
  const timers: FirstTimer[] = [];
  await runBounded(workflowIds.length, 16, async (i) => {
    const timer = await firstTimer(h.client, workflowIds[i]);
    if (timer) timers.push(timer);
  });
  const relative = (pick: (t: FirstTimer) => number): Summary =>
    roundSummary(summarize(timers.map((t) => pick(t) - dueAtMs)));
  return {
    read: timers.length,
    allTimersStartedBeforeDue: timers.length === workflowIds.length && timers.every((t) => t.startedAt < dueAtMs),
    timerFiredMs: relative((t) => t.firedAt),
    taskStartedMs: relative((t) => t.taskStartedAt),
    taskCompletedMs: relative((t) => t.taskCompletedAt),
    taskQueuedMs: roundSummary(summarize(timers.map((t) => t.taskStartedAt - t.taskScheduledAt))),
    stickyTimeouts: timers.filter((t) => t.taskTimeouts > 0).length,
  };
}

/** An instant at least `leadMs` from now, on a whole second. */
function instantAfter(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 1000) * 1000;
}

async function deadlineBurst(h: Harness, count: number, smallPhase: StartPhase): Promise<BurstPhase> {
  // Three times what opening the small batch took, and never under 30 s.
  const leadMs = Math.max(30_000, Math.ceil((3 * smallPhase.perItemMs * count) / 1000) * 1000 + 10_000);
  const dueAtMs = instantAfter(leadMs);
  const dueAt = new Date(dueAtMs).toISOString();
  const policy: RectificationPolicy = {
    ...DEFAULT_RECTIFICATION_POLICY,
    acknowledgeWithin: { at: dueAt },
    dueSoonWorkingDays: 0,
    escalation: { reminder: 0, supervision_notice: 5, listed_supervision: 10 },
  };
  h.log(`burst: ${count} acknowledgement deadlines at ${dueAt} (in ${Math.round(leadMs / 1000)} s)`);
  const opening = await openItems(h, 'burst', count, policy);
  const stream = `${rectificationWorkflowId(`bench-${h.runId}/burst/`)}%`;
  const [last] = await h.dataSource.query<{ at: number }[]>(
    `SELECT extract(epoch FROM max(recorded_at)) * 1000 AS at FROM event_log WHERE stream LIKE $1 AND seq = 1`,
    [stream],
  );
  const lastProjected = Number(last?.at);
  const expected = count - opening.startErrors;

  await sleep(dueAtMs - Date.now() - 1_000);
  h.log(`burst: waiting for ${expected} reminders…`);
  const phase = await h.monitor.begin();
  const countEscalated = async (): Promise<number> => {
    const [row] = await h.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM event_log WHERE stream LIKE $1 AND type = 'escalation.reminder'`,
      [stream],
    );
    return row?.n ?? 0;
  };
  await sleep(dueAtMs - Date.now());
  await pollUntil(
    async () => {
      h.workersAlive();
      return (await countEscalated()) >= expected;
    },
    300_000,
    250,
  );
  const resources = await phase.end();
  const rows = await h.dataSource.query<{ at: number }[]>(
    `SELECT extract(epoch FROM recorded_at) * 1000 AS at FROM event_log WHERE stream LIKE $1 AND type = 'escalation.reminder'`,
    [stream],
  );
  const lags = rows.map((r) => Number(r.at) - dueAtMs);
  const ids = await h.dataSource.query<{ id: string }[]>(
    'SELECT workflow_id AS id FROM rectification_item WHERE item_id LIKE $1',
    [`bench-${h.runId}/burst/%`],
  );
  const breakdown = await timerBreakdown(
    h,
    ids.map((r) => r.id),
    dueAtMs,
  );
  return {
    count,
    dueAt,
    leadMs,
    opening,
    allProjectedBeforeDue: lastProjected < dueAtMs && opening.startErrors === 0,
    marginMs: Math.round(dueAtMs - lastProjected),
    escalated: rows.length,
    missing: expected - rows.length + opening.startErrors,
    lagMs: roundSummary(summarize(lags)),
    breakdown,
    resources,
  };
}

/** The server's floor under the burst: as many timer workflows as burst items, all due at one instant. */
interface TimerFloorPhase {
  count: number;
  dueAt: string;
  leadMs: number;
  startErrors: number;
  completed: number;
  missing: number;
  /** Close time of each timer workflow minus the instant. */
  lagMs: Summary;
  breakdown: TimerBreakdown;
  resources: PhaseResources;
}

async function timerFloor(h: Harness, count: number, trivialPhase: StartPhase): Promise<TimerFloorPhase> {
  const leadMs = Math.max(30_000, Math.ceil((3 * trivialPhase.perItemMs * count) / 1000) * 1000 + 10_000);
  const dueAtMs = instantAfter(leadMs);
  const dueAt = new Date(dueAtMs).toISOString();
  const prefix = `bench-timer/${h.runId}/floor/`;
  h.log(`timer floor: ${count} timer workflows due at ${dueAt} (in ${Math.round(leadMs / 1000)} s)`);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const run = await runBounded(count, h.opts.concurrency, (i) =>
    startOnce(
      h.client,
      { workflowType: TIMER_WORKFLOW_TYPE, workflowId: ids[i], taskQueue: TRIVIAL_QUEUE, args: [dueAt] },
      () => new Error(`workflow ${ids[i]} already exists`),
    ),
  );
  const expected = count - run.errors.length;
  const query = `WorkflowType = "${TIMER_WORKFLOW_TYPE}" AND ExecutionStatus = "Completed" AND WorkflowId STARTS_WITH "${prefix}"`;
  await sleep(dueAtMs - Date.now() - 1_000);
  const phase = await h.monitor.begin();
  await sleep(dueAtMs - Date.now());
  await pollUntil(
    async () => {
      h.workersAlive();
      return (await h.client.workflow.count(query)).count >= expected;
    },
    300_000,
    250,
  );
  const resources = await phase.end();
  const lags: number[] = [];
  for await (const execution of h.client.workflow.list({ query })) {
    if (execution.closeTime) lags.push(execution.closeTime.getTime() - dueAtMs);
  }
  return {
    count,
    dueAt,
    leadMs,
    startErrors: run.errors.length,
    completed: lags.length,
    missing: count - lags.length,
    lagMs: roundSummary(summarize(lags)),
    breakdown: await timerBreakdown(h, ids, dueAtMs),
    resources,
  };
}

async function warmUp(h: Harness): Promise<void> {
  if (h.opts.warmup === 0) return;
  await startTrivial(h, 'warmup', h.opts.warmup);
  await openItems(h, 'warmup', h.opts.warmup);
}

function target(value: number, limit: number, direction: 'atLeast' | 'atMost') {
  const met = Number.isFinite(value) && (direction === 'atLeast' ? value >= limit : value <= limit);
  return { value, target: `${direction === 'atLeast' ? '≥' : '≤'} ${limit}`, met };
}

async function run({ args, env, log, teardown, resultsDir }: BenchContext): Promise<void> {
  const opts = parseOptions(args);
  const began = Date.now();
  const runId = randomBytes(3).toString('hex');
  const servers = await startBenchServers(env, opts.temporalStore, teardown, log);

  const dataSource = await new DataSource(dataSourceOptions(servers.databaseUrl)).initialize();
  teardown.add('database connections', () => dataSource.destroy());
  const applied = await runMigrations(dataSource);
  log(`migrations applied: ${applied.length}`);

  log('building the workflow bundles…');
  const bundles = await buildBundles(servers.root);

  const connection = await Connection.connect({ address: servers.temporalAddress });
  teardown.add('Temporal client', () => connection.close());
  const client = new Client({ connection, namespace: 'default' });

  const workerEnv = {
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    DATABASE_URL: servers.databaseUrl,
    TEMPORAL_ADDRESS: servers.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: RECTIFICATION_QUEUE,
    WORKFLOW_BUNDLE_PATH: bundles.production,
  };
  const config = parseConfig(workerEnv);
  const workerEntry = path.resolve(__dirname, '../apps/worker/src/main.js');
  const profiling = opts.workerCpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.workerCpuProfile)}`]
    : [];
  const worker: NodeProcess = spawnNode('worker', workerEntry, workerEnv, log, profiling);
  teardown.add('worker', () => worker.stop());
  const trivialWorker = spawnNode(
    'trivial worker',
    path.resolve(__dirname, 'workers/trivial-worker.js'),
    {
      ...env,
      BENCH_TEMPORAL_ADDRESS: servers.temporalAddress,
      BENCH_TASK_QUEUE: TRIVIAL_QUEUE,
      BENCH_WORKFLOW_BUNDLE_PATH: bundles.trivial,
    },
    log,
  );
  teardown.add('trivial worker', () => trivialWorker.stop());
  await Promise.all([
    waitForPoller(client, RECTIFICATION_QUEUE, worker),
    waitForPoller(client, TRIVIAL_QUEUE, trivialWorker),
  ]);
  log('both workers are polling');

  const monitor = new Monitor(
    [
      { name: 'worker', pid: worker.pid },
      { name: 'trivialWorker', pid: trivialWorker.pid },
      { name: 'temporal', pid: servers.temporalPid },
      { name: 'postgres', pid: servers.postgresPid, withChildren: true },
    ],
    worker.pid,
  );
  monitor.start();
  teardown.add('resource monitor', () => Promise.resolve(monitor.stop()));
  const service = new RectificationService(client, dataSource, config, new OrganisationService(dataSource));
  const extraWorkers: NodeProcess[] = [];
  const workersAlive = (): void => {
    for (const w of [worker, trivialWorker, ...extraWorkers]) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) {
        throw new Error(`the ${w.name} exited during the run:\n${w.tail().slice(-4000)}`);
      }
    }
  };
  const h: Harness = { opts, runId, client, dataSource, service, monitor, log, workersAlive };

  await warmUp(h);
  const trivial = await startTrivial(h, 'trivial', opts.items);
  const small = await openItems(h, 'small', opts.small);
  const large = await openItems(h, 'large', opts.items);
  for (let n = 2; n <= opts.burstWorkers; n += 1) {
    const extra = spawnNode(`worker ${n}`, workerEntry, workerEnv, log);
    teardown.add(`worker ${n}`, () => extra.stop());
    monitor.watch({ name: `worker${n}`, pid: extra.pid });
    extraWorkers.push(extra);
  }
  await Promise.all(extraWorkers.map((extra) => waitForPoller(client, RECTIFICATION_QUEUE, extra)));
  if (extraWorkers.length > 0) log(`${opts.burstWorkers} workers poll the item queue for the burst`);
  const burst = await deadlineBurst(h, opts.burst, small);
  const floor = await timerFloor(h, opts.burst, trivial);

  workersAlive();
  const workerMemory = await memoryOf(worker.pid);
  const workerPeakRssMb = workerMemory ? round(workerMemory.hwmKb / 1024, 0) : Number.NaN;
  const startRatio = round(large.perSecond / trivial.perSecond, 3);
  const perItemCostGrowth = round(large.perItemMs / small.perItemMs, 3);
  const escalationLagP99Ms = burst.lagMs.p99;
  const problems = [
    ...(burst.allProjectedBeforeDue ? [] : ['not every burst item was started and projected before its deadline']),
    ...(burst.missing > 0 ? [`${burst.missing} burst items never escalated`] : []),
    ...(floor.missing > 0 || !floor.breakdown.allTimersStartedBeforeDue
      ? ['the timer floor did not run as planned (timers started late or never completed)']
      : []),
    ...[trivial, small, large, burst.opening]
      .filter((p) => p.startErrors > 0)
      .map((p) => `${p.startErrors} ${p.kind} starts failed: ${p.firstStartError}`),
  ];

  const measured: [string, PhaseResources][] = [
    ['trivial', trivial.resources],
    ['small', small.resources],
    ['large', large.resources],
    ['burst', burst.resources],
    ['timerFloor', floor.resources],
  ];
  const warnings = measured
    .filter(([, res]) => (res.cpu.outside?.coreShare ?? 0) > OUTSIDE_CORE_SHARE)
    .map(
      ([name, res]) =>
        `${name}: the rest of the machine kept ${res.cpu.outside?.coreShare} of a core busy ` +
        `(${res.cpu.outside?.seconds} s); its figures are disturbed`,
    );

  const results = {
    bench: 'rectification',
    startedAt: new Date(began).toISOString(),
    wallTimeMs: Date.now() - began,
    valid: problems.length === 0,
    problems,
    warnings,
    startRatio,
    escalationLagP99Ms,
    workerPeakRssMb,
    perItemCostGrowth,
    targets: {
      startRatio: target(startRatio, TARGETS.startRatio, 'atLeast'),
      escalationLagP99Ms: target(escalationLagP99Ms, TARGETS.escalationLagP99Ms, 'atMost'),
      perItemCostGrowth: target(perItemCostGrowth, TARGETS.perItemCostGrowth, 'atMost'),
    },
    parameters: { ...opts, order: ['warmup', 'trivial', 'small', 'large', 'burst', 'timerFloor'] },
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      temporalCli: TEMPORAL_CLI_VERSION,
      temporalStore: opts.temporalStore === 'file' ? 'SQLite file (dev server)' : 'SQLite in memory (dev server)',
      workflowBundleKb: { production: bundles.productionKb, trivial: bundles.trivialKb },
    },
    phases: { trivial, small, large, burst, timerFloor: floor },
    worker: {
      peakRssMb: workerPeakRssMb,
      rssAtEndMb: workerMemory ? round(workerMemory.rssKb / 1024, 0) : null,
      openWorkflows: opts.warmup + opts.small + opts.items + opts.burst,
      unechoedLogLines: worker.unechoed(),
    },
  };
  const file = await writeResults(resultsDir, 'rectification', results);
  process.stdout.write(report(results, file));
}

type Results = {
  startRatio: number;
  escalationLagP99Ms: number;
  workerPeakRssMb: number;
  perItemCostGrowth: number;
  targets: Record<string, { value: number; target: string; met: boolean }>;
  phases: { trivial: StartPhase; small: StartPhase; large: StartPhase; burst: BurstPhase; timerFloor: TimerFloorPhase };
  valid: boolean;
  problems: string[];
  warnings: string[];
  wallTimeMs: number;
};

function report(r: Results, file: string): string {
  const { trivial, small, large, burst, timerFloor: floor } = r.phases;
  const ladder = (b: TimerBreakdown): string =>
    `timer fired p50/p99 ${b.timerFiredMs.p50}/${b.timerFiredMs.p99} ms, ` +
    `task started ${b.taskStartedMs.p50}/${b.taskStartedMs.p99} ms, completed ${b.taskCompletedMs.p50}/${b.taskCompletedMs.p99} ms, ` +
    `sticky time-outs ${b.stickyTimeouts}`;
  const mark = (name: string): string => {
    const t = r.targets[name];
    return t ? `${t.target}  ${t.met ? 'met' : 'MISSED'}` : '';
  };
  const line = (label: string, p: StartPhase): string =>
    `  ${label.padEnd(22)} ${String(p.count).padStart(6)} in ${(p.durationMs / 1000).toFixed(1).padStart(6)} s  ` +
    `${p.perSecond.toFixed(1).padStart(7)}/s  ${p.perItemMs.toFixed(2).padStart(6)} ms/item  ` +
    `start p50/p99 ${p.startCallLatencyMs.p50}/${p.startCallLatencyMs.p99} ms`;
  const threads = (res: PhaseResources): string =>
    Object.entries(res.threads)
      .sort(([, a], [, b]) => b - a)
      .map(([name, seconds]) => `${name} ${seconds}s`)
      .join(', ');
  const cpu = (res: PhaseResources): string =>
    Object.entries(res.cpu)
      .map(([name, c]) => `${name} ${c.seconds}s`)
      .join(', ');
  return [
    '',
    'rectification benchmark',
    line('trivial workflows', trivial),
    line('items (small)', small),
    line('items (large)', large),
    line('items (burst opening)', burst.opening),
    `  deadline burst          ${burst.escalated}/${burst.count} escalated; lag p50 ${burst.lagMs.p50} ms, ` +
      `p95 ${burst.lagMs.p95} ms, p99 ${burst.lagMs.p99} ms, max ${burst.lagMs.max} ms ` +
      `(projected ${(burst.marginMs / 1000).toFixed(1)} s before the deadline)`,
    `    from histories:       ${ladder(burst.breakdown)}`,
    `  timer floor             ${floor.completed}/${floor.count} completed; lag p50 ${floor.lagMs.p50} ms, ` +
      `p99 ${floor.lagMs.p99} ms, max ${floor.lagMs.max} ms`,
    `    from histories:       ${ladder(floor.breakdown)}`,
    '  CPU (large items)       ' + cpu(large.resources),
    '  CPU (trivial)           ' + cpu(trivial.resources),
    '  CPU (burst firing)      ' + cpu(burst.resources),
    '  CPU (timer floor)       ' + cpu(floor.resources),
    '  worker threads (burst)  ' + threads(burst.resources),
    `  worker RSS peak (MB)    trivial ${trivial.resources.peakRssMb}, small ${small.resources.peakRssMb}, ` +
      `large ${large.resources.peakRssMb}, burst ${burst.resources.peakRssMb}; whole run (VmHWM) ${r.workerPeakRssMb}`,
    '',
    `  startRatio          ${String(r.startRatio).padEnd(10)} ${mark('startRatio')}`,
    `  escalationLagP99Ms  ${String(r.escalationLagP99Ms).padEnd(10)} ${mark('escalationLagP99Ms')}`,
    `  workerPeakRssMb     ${String(r.workerPeakRssMb).padEnd(10)} (no target)`,
    `  perItemCostGrowth   ${String(r.perItemCostGrowth).padEnd(10)} ${mark('perItemCostGrowth')}`,
    '',
    r.valid ? '  run valid' : `  run NOT valid: ${r.problems.join('; ')}`,
    ...r.warnings.map((w) => `  warning: ${w}`),
    `  bench wall time ${(r.wallTimeMs / 1000).toFixed(0)} s; results in ${file}`,
    '',
  ].join('\n');
}

export const rectificationBench: Bench = {
  summary: 'open 10,000 items vs trivial workflows, 1,000 simultaneous deadlines, worker memory, cost growth',
  run,
};
