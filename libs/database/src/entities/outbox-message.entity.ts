import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notification waiting to be sent, written in the same transaction as the event that caused
 * it; (stream, seq, position) makes a retried write a no-op.
 */
@Entity({ name: 'outbox' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  stream!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'recipient_unit_id', type: 'text' })
  recipientUnitId!: string;

  @Column({ name: 'recipient_role', type: 'text' })
  recipientRole!: string;

  @Column({ type: 'text' })
  message!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
