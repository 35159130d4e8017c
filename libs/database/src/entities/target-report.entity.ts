import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { numericAsNumber } from './campaign-target.entity';

/** What one department reports it has achieved towards a campaign's target; its latest report counts. */
@Entity({ name: 'target_report' })
export class TargetReport {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @PrimaryColumn({ name: 'department_id', type: 'text' })
  departmentId!: string;

  @Column({ type: 'numeric', transformer: numericAsNumber })
  value!: number;

  @Column({ name: 'reported_by', type: 'text' })
  reportedBy!: string;

  @UpdateDateColumn({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;
}
