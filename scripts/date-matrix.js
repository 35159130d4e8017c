// The dates `npm test` pretends today is when it runs the calendar-sensitive tests again: a
// test that passes only on some days fails here, whatever day the suite really runs.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

/** The tests whose results could depend on today: the working-day calendar and the workflows. */
const MATRIX_TEST_PATHS = ['libs/calendar', 'workflows'];

/** The last year whose State Council holiday notice the project ships. */
function lastCoveredYear() {
  const data = require('chinese-days/dist/chinese-days.json');
  return Math.max(...Object.keys(data.holidays).map((day) => Number(day.slice(0, 4))));
}

function dateMatrix() {
  const last = lastCoveredYear();
  const dates = [
    { label: 'spring-festival-eve', at: '2026-02-16T22:00:00+08:00', why: '除夕, the eve of the Spring Festival' },
    { label: 'make-up-saturday', at: '2026-02-14T09:30:00+08:00', why: 'a make-up working Saturday (调休)' },
    { label: 'new-years-eve', at: '2026-12-31T23:30:00+08:00', why: '31 December, 30 minutes before midnight' },
    { label: 'last-covered-day', at: `${last}-12-31T12:00:00+08:00`, why: 'the last day the holiday notices cover' },
    {
      label: 'uncovered-year',
      at: `${last + 4}-09-30T20:00:00+08:00`,
      why: 'the eve of 国庆 in a year no notice covers',
    },
  ];
  // One run per day: a day that matters for two reasons is run once, for both.
  const byDay = new Map();
  for (const d of dates) {
    const same = byDay.get(d.at.slice(0, 10));
    if (same) same.why = `${same.why}; ${d.why}`;
    else byDay.set(d.at.slice(0, 10), { ...d });
  }
  return [...byDay.values()];
}

/** libfaketime's multi-threaded build, wherever the distribution put it. */
function libfaketime() {
  const roots = ['/usr/lib', '/usr/local/lib', '/usr/lib64'];
  for (const root of roots) {
    const candidates = [path.join(root, 'faketime')];
    if (existsSync(root)) {
      for (const entry of readdirSync(root)) candidates.push(path.join(root, entry, 'faketime'));
    }
    for (const dir of candidates) {
      const lib = path.join(dir, 'libfaketimeMT.so.1');
      if (existsSync(lib)) return lib;
    }
  }
  return undefined;
}

/**
 * The environment that makes a process (and every process it starts) believe it is `at`: a
 * relative offset, so that the clock still runs and children agree with their parent. Monotonic
 * clocks are left alone, so timers and timeouts keep their real lengths. The Temporal test server
 * ignores it (its clock is pinned by the test), and so does the Go dev server, which reads the
 * kernel's clock without the C library.
 */
function fakeClockEnv(at) {
  const lib = libfaketime();
  if (!lib) throw new Error('libfaketime is not installed');
  const offset = Math.round((Date.parse(at) - Date.now()) / 1000);
  const env = {
    LD_PRELOAD: lib,
    FAKETIME: `${offset >= 0 ? '+' : ''}${offset}s`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
  const seen = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(Date.now()))'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const drift = Math.abs(Number(seen.stdout) - Date.parse(at));
  if (!(drift < 120_000)) {
    throw new Error(`the fake clock did not take: a process under it read ${seen.stdout || seen.stderr}, not ${at}`);
  }
  return env;
}

module.exports = { dateMatrix, fakeClockEnv, libfaketime, MATRIX_TEST_PATHS };
