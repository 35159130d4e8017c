import type { EntityManager } from 'typeorm';

export interface OutboxRow {
  stream: string;
  seq: number;
  /** Position of the notification among its event's notifications. */
  position: number;
  kind: string;
  recipientUnitId: string;
  recipientRole: string;
  message: string;
}

/** Write notifications in the caller's transaction; a row already written is left alone. */
export async function writeOutbox(tx: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (stream, seq, position, kind, recipient_unit_id, recipient_role, message)
     SELECT * FROM unnest($1::text[], $2::int[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (stream, seq, position) DO NOTHING`,
    [
      rows.map((n) => n.stream),
      rows.map((n) => n.seq),
      rows.map((n) => n.position),
      rows.map((n) => n.kind),
      rows.map((n) => n.recipientUnitId),
      rows.map((n) => n.recipientRole),
      rows.map((n) => n.message),
    ],
  );
}
