import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One round of an item's rectification: its plans, reports, completions and outcome. */
@Entity({ name: 'rectification_round' })
export class RectificationRoundRecord {
  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId!: string;

  @PrimaryColumn({ type: 'integer' })
  round!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'jsonb' })
  plans!: unknown[];

  @Column({ type: 'jsonb' })
  reports!: unknown[];

  @Column({ type: 'jsonb' })
  completions!: unknown[];

  @Column({ type: 'jsonb', nullable: true })
  outcome!: unknown;

  @Column({ name: 'look_back', type: 'jsonb', nullable: true })
  lookBack!: unknown;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;
}
