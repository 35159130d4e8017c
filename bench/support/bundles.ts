import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundleOptions } from '@lib/temporal';

/** Workflow type of the bench's trivial workflow (bench/workflows). */
export const TRIVIAL_WORKFLOW_TYPE = 'trivialWorkflow';
/** Workflow type of the bench's timer workflow (bench/workflows): one timer, then done. */
export const TIMER_WORKFLOW_TYPE = 'timerWorkflow';

/** The bench's own workflows, compiled beside this file in `dist/bench`. */
const BENCH_WORKFLOWS_PATH = path.resolve(__dirname, '../workflows');

export interface Bundles {
  /** The production bundle, as `npm run bundle:workflows` builds it for images. */
  production: string;
  /** The bench's tiny bundle: the trivial and the timer workflow. */
  trivial: string;
  productionKb: number;
  trivialKb: number;
}

/** Build both bundles into `dir` before any worker starts, so that no worker runs webpack. */
export async function buildBundles(dir: string): Promise<Bundles> {
  const logger = new DefaultLogger('WARN');
  const production = await bundleWorkflowCode({ ...workflowBundleOptions(), logger });
  const trivial = await bundleWorkflowCode({ workflowsPath: BENCH_WORKFLOWS_PATH, logger });
  const paths = { production: path.join(dir, 'workflow-bundle.js'), trivial: path.join(dir, 'trivial-bundle.js') };
  await writeFile(paths.production, production.code);
  await writeFile(paths.trivial, trivial.code);
  return {
    ...paths,
    productionKb: Math.round(production.code.length / 1024),
    trivialKb: Math.round(trivial.code.length / 1024),
  };
}
