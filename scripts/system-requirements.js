// What `npm test` needs from the operating system beyond Node, Go, Java and Maven, checked before
// anything runs, so that a missing package is named with the command that installs it instead of
// surfacing as a failure deep inside a test.
'use strict';
const { libfaketime } = require('./date-matrix');

/** Each requirement: the Debian package that provides it, why, and how to tell it is there. */
const REQUIREMENTS = [
  {
    debian: 'faketime',
    why: 'the date matrix runs the calendar and workflow tests as if today were other dates',
    present: () => libfaketime() !== undefined,
  },
];

/** `undefined` when everything is there; otherwise one message naming what to install. */
function checkSystemRequirements() {
  const missing = REQUIREMENTS.filter((r) => !r.present());
  if (missing.length === 0) return undefined;
  return [
    'npm test needs system packages that are not installed here:',
    ...missing.map((r) => `  - ${r.debian}: ${r.why}`),
    `Install them (Debian or Ubuntu, as root): apt-get install -y --no-install-recommends ${missing
      .map((r) => r.debian)
      .join(' ')}`,
  ].join('\n');
}

module.exports = { checkSystemRequirements, REQUIREMENTS };
