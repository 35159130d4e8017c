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

  /** The committee that runs the campaign (组织单位). */
  @Column({ name: 'committee_unit_id', type: 'text', nullable: true })
  committeeUnitId!: string | null;

  /** The government or district whose work the campaign supervises (its jurisdiction). */
  @Column({ name: 'jurisdiction_unit_id', type: 'text', nullable: true })
  jurisdictionUnitId!: string | null;

  /** The campaign one level up that launched this one (三级联动), if any. */
  @Column({ name: 'parent_campaign_id', type: 'text', nullable: true })
  parentCampaignId!: string | null;

  /** The top of the linked tree; its checklist is shared by every linked campaign. */
  @Column({ name: 'root_campaign_id', type: 'text' })
  rootCampaignId!: string;

  @Column({ type: 'integer' })
  depth!: number;

  @Column({ name: 'phase_due_at', type: 'timestamptz', nullable: true })
  phaseDueAt!: Date | null;

  @Column({ name: 'phase_due_date', type: 'date', nullable: true })
  phaseDueDate!: string | null;

  @Column({ name: 'phase_light', type: 'text' })
  phaseLight!: string;

  /** The planned phases and when each is due to end. */
  @Column({ type: 'jsonb' })
  phases!: unknown[];

  @Column({ name: 'handed_off', type: 'integer' })
  handedOff!: number;

  /** Sequence number of the last event projected into this row. */
  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
