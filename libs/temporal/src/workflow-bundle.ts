import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/**
 * The workflows folder and the libraries it may import, relative to this file, which sits at
 * the same depth in the sources and in `dist/`.
 */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../../workflows');
const CONTRACTS_PATH = path.resolve(__dirname, '../../contracts/src');

/** Bundler options shared by the worker, the prebuilt bundle and the tests. */
export function workflowBundleOptions(): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as object), '@lib/contracts': CONTRACTS_PATH };
      return config;
    },
  };
}
