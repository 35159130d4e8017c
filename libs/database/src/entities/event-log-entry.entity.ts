import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The append-only log every durable process writes (ARCHITECTURE §7). The primary key
 * (stream, seq) is the idempotency claim: a retried activity inserts nothing the second time,
 * and the projection written in the same transaction is skipped with it.
 */
@Entity({ name: 'event_log' })
export class EventLogEntry {
  /** The workflow id the event belongs to, e.g. `campaign/zz-2024-elderly-care`. */
  @PrimaryColumn({ type: 'text' })
  stream!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
