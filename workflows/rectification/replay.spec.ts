import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { workflowBundleOptions } from '@lib/temporal';
import { historiesDir, HISTORIES_DIR } from '../../test/support/rectification';
import { installTestRuntime, workflowBundle } from '../../test/support/workflow-env';

/**
 * Determinism guard (ARCHITECTURE §5): the histories recorded from every tested path replay on
 * the current code. A change that breaks running items fails here, before it ships.
 */
describe('rectificationWorkflow replay', () => {
  const names = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
  const histories = (): HistoryAndWorkflowId[] =>
    names.map((name) => ({
      workflowId: path.basename(name, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, name), 'utf8'))),
    }));

  async function replay(bundle: WorkflowBundleWithSourceMap): Promise<Map<string, Error | undefined>> {
    const results = new Map<string, Error | undefined>();
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories())) {
      results.set(result.workflowId, result.error);
    }
    return results;
  }

  beforeAll(() => installTestRuntime());

  it('has a committed history for every path', () => {
    expect(names.sort()).toEqual(
      [
        'accepted-and-confirmed',
        'committee-deadlines',
        'continued-as-new',
        'extension-approved',
        'extension-rejected',
        'late-acknowledgement-ladder',
        'refusals-and-not-feasible',
        'relapse-at-look-back',
        'returned-and-reassigned',
        'spring-festival-deadline',
        'three-send-backs',
      ].map((n) => `${n}.json`),
    );
  });

  it('replays every committed history on the current workflow code', async () => {
    const results = await replay(await workflowBundle());
    expect(results.size).toBe(names.length);
    for (const [workflowId, error] of results) expect({ workflowId, error }).toEqual({ workflowId, error: undefined });
  });

  it('replays the committed histories of the campaign workflow too', async () => {
    const dir = historiesDir('campaign');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const campaignHistories = files.map((name) => ({
      workflowId: path.basename(name, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, name), 'utf8'))),
    }));
    const bundle = await workflowBundle();
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, campaignHistories)) {
      expect({ workflowId: result.workflowId, error: result.error }).toEqual({
        workflowId: result.workflowId,
        error: undefined,
      });
    }
  });

  it('catches a deliberately incompatible change in every history', async () => {
    const incompatible = await bundleWorkflowCode({
      ...workflowBundleOptions(),
      workflowsPath: path.resolve(__dirname, '../../test/fixtures/incompatible-rectification'),
      logger: new DefaultLogger('WARN'),
    });
    const results = await replay(incompatible);
    expect(results.size).toBe(names.length);
    for (const [workflowId, error] of results) {
      expect({ workflowId, violation: error instanceof DeterminismViolationError }).toEqual({
        workflowId,
        violation: true,
      });
    }
  });
});
