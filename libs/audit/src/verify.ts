import type { DataSource } from 'typeorm';
import { GENESIS_HASH, chainHash } from './chain';

export type AuditProblemKind = 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch' | 'anchor_mismatch';

export interface AuditProblem {
  /** The record concerned; for a gap, the first missing seq. */
  seq: number;
  kind: AuditProblemKind;
  detail: string;
}

/** A seq and the hash it had when someone wrote it down outside the database. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  /** Records read per query; memory stays flat whatever the size of the log. Default 1000. */
  batchSize?: number;
  /** Problems listed at most (all are counted in `problemCount`). Default 100. */
  maxProblems?: number;
  /** Hashes recorded earlier (e.g. the head printed by a previous run), checked too. */
  anchors?: readonly AuditAnchor[];
}

export interface AuditVerification {
  intact: boolean;
  /** Records read and recomputed. */
  checked: number;
  /** Seq of the oldest record; above 1 when older records were pruned after their retention. */
  firstSeq: number | null;
  lastSeq: number | null;
  /** The chain head as it was when the run started; records appended after it are not checked. */
  head: { seq: number; hash: string } | null;
  problems: AuditProblem[];
  problemCount: number;
}

interface Snapshot {
  head_seq: string | null;
  head_hash: string | null;
  max_seq: string | null;
}

interface Row {
  seq: string;
  at: string;
  actor_account_id: string | null;
  actor_username: string | null;
  actor_person_id: string | null;
  source_ip: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

/**
 * Re-read the log in seq order, batch by batch, and recompute every hash. Reported: a record
 * whose content no longer gives its hash (`hash_mismatch`), a record whose `prev_hash` is not the
 * hash of the one before (`broken_link`), missing seqs (`gap`), a head that does not point at the
 * last record (`head_mismatch`), and anchors that no longer hold (`anchor_mismatch`). A log that
 * starts after seq 1 is checked from its first record's `prev_hash`: pruning a prefix past its
 * retention is allowed, and `firstSeq` says where the chain now starts.
 */
export async function verifyAuditLog(dataSource: DataSource, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const maxProblems = options.maxProblems ?? 100;
  const anchors = new Map((options.anchors ?? []).map((a) => [a.seq, a.hash.toLowerCase()]));

  const problems: AuditProblem[] = [];
  let problemCount = 0;
  const report = (seq: number, kind: AuditProblemKind, detail: string): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push({ seq, kind, detail });
  };

  // Head and last seq from one snapshot: the insert that adds a record also moves the head.
  const [snapshot] = await dataSource.query<Snapshot[]>(
    `SELECT (SELECT seq::text FROM audit_chain_head WHERE id = 1) AS head_seq,
            (SELECT hash FROM audit_chain_head WHERE id = 1) AS head_hash,
            (SELECT max(seq)::text FROM audit_log) AS max_seq`,
  );
  const head =
    snapshot?.head_seq != null && snapshot.head_hash != null
      ? { seq: Number(snapshot.head_seq), hash: snapshot.head_hash }
      : null;
  const maxSeq = snapshot?.max_seq != null ? Number(snapshot.max_seq) : 0;
  if (!head) report(0, 'head_mismatch', 'the audit_chain_head row is missing');
  const until = head ? Math.max(head.seq, 0) : maxSeq;

  let checked = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let lastHash = '';
  let after = 0;
  for (;;) {
    const rows = await dataSource.query<Row[]>(
      `SELECT seq::text AS seq,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at,
              actor_account_id, actor_username, actor_person_id, source_ip, action, target, outcome, detail,
              prev_hash, hash
         FROM audit_log AS r WHERE r.seq > $1 AND r.seq <= $2 ORDER BY r.seq LIMIT $3`,
      [after, until, batchSize],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (lastSeq === null) {
        firstSeq = seq;
        if (seq === 1 && row.prev_hash !== GENESIS_HASH) {
          report(seq, 'broken_link', 'the first record does not start from the genesis hash');
        }
      } else if (seq !== lastSeq + 1) {
        const missing = seq - lastSeq - 1;
        report(
          lastSeq + 1,
          'gap',
          missing === 1 ? `record ${lastSeq + 1} is missing` : `records ${lastSeq + 1} to ${seq - 1} are missing`,
        );
      } else if (row.prev_hash !== lastHash) {
        report(seq, 'broken_link', `prev_hash does not match the hash of record ${lastSeq}`);
      }

      const recomputed = recompute(row, seq);
      if (recomputed !== row.hash) report(seq, 'hash_mismatch', 'the content no longer gives the stored hash');

      const anchored = anchors.get(seq);
      if (anchored !== undefined && anchored !== row.hash) {
        report(seq, 'anchor_mismatch', `the hash differs from the one recorded for this seq (${anchored})`);
      }
      anchors.delete(seq);
      checked += 1;
      lastSeq = seq;
      lastHash = row.hash;
    }
    if (rows.length < batchSize) break;
    after = lastSeq ?? until;
  }

  if (head && head.seq > 0) {
    if (lastSeq === null) {
      report(head.seq, 'head_mismatch', `the head is at record ${head.seq} but the log is empty`);
    } else if (lastSeq !== head.seq) {
      report(head.seq, 'head_mismatch', `the head is at record ${head.seq} but the log ends at ${lastSeq}`);
    } else if (lastHash !== head.hash) {
      report(head.seq, 'head_mismatch', `the head's hash differs from that of record ${head.seq}`);
    }
  }
  if (head && maxSeq > head.seq) {
    report(head.seq + 1, 'head_mismatch', `records after the head exist (up to ${maxSeq})`);
  }
  for (const [seq] of anchors) {
    if (seq <= until) report(seq, 'anchor_mismatch', `the anchored record ${seq} no longer exists`);
  }

  return { intact: problemCount === 0, checked, firstSeq, lastSeq, head, problems, problemCount };
}

/** The hash the row's content gives, read back exactly as stored. */
function recompute(row: Row, seq: number): string {
  // Records are written with milliseconds; a time edited to the microsecond keeps all six digits
  // here, so it cannot hash like the original.
  const at = row.at.endsWith('000') ? `${row.at.slice(0, -3)}Z` : `${row.at}Z`;
  try {
    return chainHash({
      seq,
      at,
      actorAccountId: row.actor_account_id,
      actorUsername: row.actor_username,
      actorPersonId: row.actor_person_id,
      sourceIp: row.source_ip,
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      detail: row.detail,
      prevHash: row.prev_hash,
    });
  } catch {
    return '(content has no canonical form)';
  }
}
