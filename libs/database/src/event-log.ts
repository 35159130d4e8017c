import type { EntityManager } from 'typeorm';

export interface LoggedEvent {
  /** The workflow id the event belongs to. */
  stream: string;
  /** Position in the stream, assigned by the workflow, starting at 1. */
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Append events and apply their projection in one transaction. The (stream, seq) key is the
 * idempotency claim: events already there (a retried activity) are skipped, and `project` sees
 * only the events this call claimed; when none is new, nothing is written at all.
 */
export async function appendEvents<E extends LoggedEvent>(
  manager: EntityManager,
  events: readonly E[],
  project: (tx: EntityManager, claimed: E[]) => Promise<void>,
): Promise<E[]> {
  if (events.length === 0) return [];
  return manager.transaction(async (tx) => {
    const rows: { stream: string; seq: number }[] = await tx.query(
      `INSERT INTO event_log (stream, seq, type, data)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[])
       ON CONFLICT (stream, seq) DO NOTHING RETURNING stream, seq`,
      [
        events.map((e) => e.stream),
        events.map((e) => e.seq),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
      ],
    );
    const fresh = new Set(rows.map((r) => `${r.stream}\u0000${r.seq}`));
    const claimed = events.filter((e) => fresh.has(`${e.stream}\u0000${e.seq}`));
    if (claimed.length > 0) await project(tx, claimed);
    return claimed;
  });
}

/** `appendEvents` for a single event; returns whether it was new. */
export async function appendAndProject(
  manager: EntityManager,
  event: LoggedEvent,
  project: (tx: EntityManager) => Promise<void>,
): Promise<boolean> {
  const claimed = await appendEvents(manager, [event], (tx) => project(tx));
  return claimed.length > 0;
}
