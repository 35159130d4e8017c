#!/usr/bin/env node
// Runs Jest (with the VM-modules flag NestJS's ES modules need), keeps its JSON results in
// reports/jest.json, and ends with the plain line `N passed, N failed` that CI reads.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const output = path.join(root, 'reports', 'jest.json');
mkdirSync(path.dirname(output), { recursive: true });

const jest = require.resolve('jest/bin/jest');
const options = [
  ...(process.env.NODE_OPTIONS ? [process.env.NODE_OPTIONS] : []),
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
];
const result = spawnSync(process.execPath, [jest, '--json', `--outputFile=${output}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: options.join(' ') },
});

if (!existsSync(output)) {
  console.log('0 passed, 1 failed');
  process.exit(result.status || 1);
}
const summary = JSON.parse(readFileSync(output, 'utf8'));
const failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites || 0);
console.log(`${summary.numPassedTests} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && summary.numPassedTests > 0 ? 0 : 1);
