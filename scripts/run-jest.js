#!/usr/bin/env node
// Runs Jest (with the VM-modules flag NestJS's ES modules need), keeps its JSON results in
// reports/, and ends with the plain line `N passed, N failed` that CI reads.
//
//   node scripts/run-jest.js [jest arguments]   one run, as `npm run test:jest -- …`
//   node scripts/run-jest.js --date-matrix      the whole suite, then the calendar-sensitive
//                                               tests again as if today were each date of
//                                               scripts/date-matrix.js (what `npm test` runs)
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, existsSync, rmSync } = require('node:fs');
const path = require('node:path');
const { checkSystemRequirements } = require('./system-requirements');
const { dateMatrix, fakeClockEnv, MATRIX_TEST_PATHS } = require('./date-matrix');

const root = path.resolve(__dirname, '..');
const reports = path.join(root, 'reports');

/** One Jest run; its counts, read from Jest's own JSON results. */
function runJest(args, { label = 'jest', env = {} } = {}) {
  mkdirSync(reports, { recursive: true });
  const output = path.join(reports, `${label}.json`);
  rmSync(output, { force: true });
  const jest = require.resolve('jest/bin/jest');
  const nodeOptions = [
    ...(process.env.NODE_OPTIONS ? [process.env.NODE_OPTIONS] : []),
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
  ];
  const result = spawnSync(process.execPath, [jest, '--json', `--outputFile=${output}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions.join(' ') },
  });
  if (!existsSync(output)) return { passed: 0, failed: 1, ok: false };
  const summary = JSON.parse(readFileSync(output, 'utf8'));
  const failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites || 0);
  const passed = summary.numPassedTests;
  return { passed, failed, ok: result.status === 0 && failed === 0 && passed > 0 };
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] !== '--date-matrix') {
    const run = runJest(args);
    console.log(`${run.passed} passed, ${run.failed} failed`);
    process.exit(run.ok ? 0 : 1);
  }

  const missing = checkSystemRequirements();
  if (missing) {
    console.error(missing);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const runs = [{ label: 'today', ...runJest(args.slice(1), { label: 'jest' }) }];
  for (const today of dateMatrix()) {
    process.stderr.write(`\n[date matrix] ${MATRIX_TEST_PATHS.join(' ')} as if it were ${today.at} (${today.why})\n`);
    const env = fakeClockEnv(today.at);
    runs.push({ label: today.at, ...runJest(MATRIX_TEST_PATHS, { label: `jest-${today.label}`, env }) });
  }
  console.log('');
  for (const run of runs) console.log(`  ${run.label.padEnd(28)} ${run.passed} passed, ${run.failed} failed`);
  const passed = runs.reduce((n, r) => n + r.passed, 0);
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(runs.every((r) => r.ok) ? 0 : 1);
}

if (require.main === module) main();

module.exports = { runJest };
