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
 * Append an event and apply its projection in one transaction. The (stream, seq) key is the
 * idempotency claim: when the event is already there (a retried activity), nothing is written
 * and `false` is returned.
 */
export async function appendAndProject(
  manager: EntityManager,
  event: LoggedEvent,
  project: (tx: EntityManager) => Promise<void>,
): Promise<boolean> {
  return manager.transaction(async (tx) => {
    const claimed: unknown[] = await tx.query(
      `INSERT INTO event_log (stream, seq, type, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream, seq) DO NOTHING RETURNING seq`,
      [event.stream, event.seq, event.type, JSON.stringify(event.data)],
    );
    if (claimed.length === 0) return false;
    await project(tx);
    return true;
  });
}
