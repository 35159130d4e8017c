import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One inspection activity (听、查、询): a written or on-site report heard from a unit, a site
 * visit, a spot check, an unannounced visit (暗访) or a questionnaire.
 */
@Entity({ name: 'inspection_activity' })
export class InspectionActivity {
  /** `<campaignId>/A-001`. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'group_id', type: 'text', nullable: true })
  groupId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  title!: string;

  /** The unit heard or inspected. */
  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @Column({ name: 'district_id', type: 'text', nullable: true })
  districtId!: string | null;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ name: 'occurred_on', type: 'date', nullable: true })
  occurredOn!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** Of a questionnaire: how many people answered, over every imported batch. */
  @Column({ type: 'integer' })
  respondents!: number;

  /** The person who recorded it; null on records made before this was kept. */
  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
