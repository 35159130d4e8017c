import type { DataSource } from 'typeorm';
import { verifyAuditLog, type AuditAnchor, type AuditVerification } from '@lib/audit';
import { parseDatabaseUrl } from '@lib/config';
import { openDatabase } from '@lib/database';

const USAGE = 'usage: audit-verify [--batch-size N] [--anchor SEQ:HASH]...';

/** Exit codes: the log is intact, it is not, or the check could not be made. */
const INTACT = 0;
const BROKEN = 1;
const ERROR = 2;

interface Arguments {
  batchSize: number;
  anchors: AuditAnchor[];
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { batchSize: 1000, anchors: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--batch-size' && value !== undefined && /^[1-9][0-9]{0,5}$/.test(value)) {
      parsed.batchSize = Number(value);
      i += 1;
    } else if (flag === '--anchor' && value !== undefined && /^[1-9][0-9]{0,15}:[0-9a-fA-F]{64}$/.test(value)) {
      const [seq, hash] = value.split(':') as [string, string];
      parsed.anchors.push({ seq: Number(seq), hash: hash.toLowerCase() });
      i += 1;
    } else {
      throw new Error(`bad argument ${flag ?? ''}\n${USAGE}`);
    }
  }
  return parsed;
}

function humanLine(result: AuditVerification): string {
  const range = result.firstSeq === null ? 'empty' : `records ${result.firstSeq} to ${result.lastSeq}`;
  const pruned = result.firstSeq !== null && result.firstSeq > 1 ? ` (records before ${result.firstSeq} pruned)` : '';
  if (result.intact) {
    return `audit log intact: ${result.checked} checked, ${range}${pruned}; head ${result.head?.seq ?? '-'} ${result.head?.hash ?? ''}`.trimEnd();
  }
  const first = result.problems[0];
  const example = first ? `; first: ${first.kind} at seq ${first.seq}: ${first.detail}` : '';
  return `audit log BROKEN: ${result.problemCount} problem(s) in ${result.checked} checked, ${range}${pruned}${example}`;
}

/**
 * `npm run audit:verify`: recompute the audit log's hash chain and say whether it is intact.
 * Prints one line of JSON on stdout and one line for people on stderr; exit code 0 when intact,
 * 1 when not, 2 when the check could not run.
 */
async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  // A command-line entry point owns its environment, as main.ts files do.
  const databaseUrl = parseDatabaseUrl(process.env);
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openDatabase(databaseUrl);
    const result = await verifyAuditLog(dataSource, { batchSize: args.batchSize, anchors: args.anchors });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stderr.write(`${humanLine(result)}\n`);
    return result.intact ? INTACT : BROKEN;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`${JSON.stringify({ intact: null, error: message })}\n`);
    process.stderr.write(`audit-verify: ${message}\n`);
    process.exitCode = ERROR;
  },
);
