import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Read model of a campaign (监督项目), projected from its workflow's events. */
@Entity({ name: 'campaign' })
export class CampaignRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  level!: string;

  @Column({ type: 'text' })
  organiser!: string;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'text' })
  phase!: string;

  /** Sequence number of the last event projected into this row. */
  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
