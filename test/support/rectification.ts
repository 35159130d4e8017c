import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_RECTIFICATION_POLICY,
  RECTIFICATION_WORKFLOW_TYPE,
  rectificationWorkflowId,
  type Actor,
  type RectificationItemInput,
} from '@lib/contracts';
import { CampaignActivitiesService, CampaignsService } from '@lib/campaigns';
import { OrganisationService } from '@lib/organisation';
import { RectificationActivitiesService, RectificationService } from '@lib/rectification';
import { bindActivities } from '@lib/temporal';
import { testConfig } from './apps';
import { workflowBundle } from './workflow-env';

/** Units and people of one test: a committee, a lead and a co-operating department. */
export function cast(suffix: string = randomUUID().slice(0, 8)) {
  const committee = `cmte-${suffix}`;
  const lead = `civil-affairs-${suffix}`;
  const co = `finance-${suffix}`;
  const person = (id: string, unitId: string, roles: Actor['roles']): Actor => ({
    personId: `${id}-${suffix}`,
    unitId,
    roles,
  });
  return {
    committee,
    lead,
    co,
    staff: person('staff', committee, ['committee_staff']),
    manager: person('director', committee, ['manager']),
    handler: person('handler', lead, ['department_handler']),
    leader: person('leader', lead, ['department_leader']),
    coHandler: person('co-handler', co, ['department_handler']),
    outsider: person('outsider', `other-${suffix}`, ['department_handler', 'department_leader']),
  };
}
export type Cast = ReturnType<typeof cast>;

export function itemInput(c: Cast, overrides: Partial<RectificationItemInput> = {}): RectificationItemInput {
  return {
    itemId: `item-${randomUUID()}`,
    title: '社区养老服务站点运营不规范',
    description: '部分社区日间照料中心建成后未正常运营',
    location: '金水区某街道',
    source: { campaignId: 'zz-2024-elderly-care', checklistItemId: 'C-07', findingId: 'F-031' },
    committeeUnitId: c.committee,
    leadDepartmentId: c.lead,
    coDepartmentIds: [c.co],
    districtId: 'jinshui',
    policy: DEFAULT_RECTIFICATION_POLICY,
    ...overrides,
  };
}

/**
 * Every activity the worker registers, built as the worker module builds them, on the
 * time-skipping server's client and the given task queue.
 */
export function allActivities(env: TestWorkflowEnvironment, dataSource: DataSource, taskQueue: string) {
  const config = testConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
  const organisation = new OrganisationService(dataSource);
  const items = new RectificationService(env.client, dataSource, config, organisation);
  const campaigns = new CampaignsService(env.client, dataSource, config, organisation);
  return bindActivities(
    new CampaignActivitiesService(dataSource, items, campaigns),
    new RectificationActivitiesService(dataSource),
  );
}

/** Run `body` with a worker serving the real workflow bundle and real activities on PostgreSQL. */
export async function withRectificationWorker<T>(
  env: TestWorkflowEnvironment,
  dataSource: DataSource,
  body: (
    start: (input: RectificationItemInput) => ReturnType<TestWorkflowEnvironment['client']['workflow']['start']>,
  ) => Promise<T>,
): Promise<T> {
  const taskQueue = `rectification-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: allActivities(env, dataSource, taskQueue),
  });
  const started: WorkflowHandle[] = [];
  const run = async (): Promise<T> => {
    try {
      return await body(async (input) => {
        const handle = await env.client.workflow.start(RECTIFICATION_WORKFLOW_TYPE, {
          workflowId: rectificationWorkflowId(input.itemId),
          taskQueue,
          args: [input],
        });
        started.push(handle);
        return handle;
      });
    } finally {
      // An item left running would hold the time-skipping server's clock for every later test.
      for (const handle of started) {
        const { status } = await handle.describe();
        if (status.name === 'RUNNING') await handle.terminate('test finished');
      }
    }
  };
  return worker.runUntil(run());
}

/** The types of an item's logged events, in order. */
export async function eventTypes(dataSource: DataSource, itemId: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM event_log WHERE stream = $1 ORDER BY seq', [
    rectificationWorkflowId(itemId),
  ]);
  return rows.map((r) => r.type);
}

/** Committed histories, per workflow, that the replay test runs against the current code. */
export function historiesDir(workflow: 'rectification' | 'campaign'): string {
  return path.resolve(__dirname, `../../workflows/${workflow}/histories`);
}
export const HISTORIES_DIR = historiesDir('rectification');

/**
 * With RECORD_HISTORIES=1, keep the history of a finished test path as a replay fixture.
 * Recording is deliberate: histories change only when a path is added or re-recorded.
 */
export async function keepHistory(
  name: string,
  handle: WorkflowHandle,
  workflow: 'rectification' | 'campaign' = 'rectification',
): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(historiesDir(workflow), { recursive: true });
  writeFileSync(path.join(historiesDir(workflow), `${name}.json`), historyToJSON(history));
}
