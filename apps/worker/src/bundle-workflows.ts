import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '@lib/temporal';

/**
 * Prebuilds the workflow bundle for production images (ARCHITECTURE §4): the worker then
 * loads it through WORKFLOW_BUNDLE_PATH instead of running webpack at every start.
 */
async function main(): Promise<void> {
  const target = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  await writeFile(target, code);
  process.stdout.write(`workflow bundle written to ${target} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
