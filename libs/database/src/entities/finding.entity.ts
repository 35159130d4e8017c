import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A piece of evidence for a finding: a photo, a document, a recording. */
export interface Evidence {
  name: string;
  uri: string;
}

/**
 * A finding (问题) recorded during inspection. Once listed on the problem list (问题清单) with its
 * departments and policy, the campaign hands it off as a rectification item.
 */
@Entity({ name: 'finding' })
export class Finding {
  /** `<campaignId>/F-0001`. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  /** The inspection activity in which the problem was found. */
  @Column({ name: 'activity_id', type: 'text' })
  activityId!: string;

  @Column({ name: 'checklist_item_id', type: 'text', nullable: true })
  checklistItemId!: string | null;

  @Column({ name: 'district_id', type: 'text', nullable: true })
  districtId!: string | null;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'jsonb' })
  evidence!: Evidence[];

  /** `minor`, `moderate` or `serious`. */
  @Column({ type: 'text' })
  severity!: string;

  /** `open`, `merged`, `dismissed`, `listed` or `handed_off`. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'merged_into', type: 'text', nullable: true })
  mergedInto!: string | null;

  @Column({ name: 'dismissed_reason', type: 'text', nullable: true })
  dismissedReason!: string | null;

  /** 牵头单位, set when the finding is listed. */
  @Column({ name: 'lead_department_id', type: 'text', nullable: true })
  leadDepartmentId!: string | null;

  /** 配合单位. */
  @Column({ name: 'co_department_ids', type: 'text', array: true })
  coDepartmentIds!: string[];

  /** The policy fields given when listing; the rest take the rectification defaults at hand-off. */
  @Column({ type: 'jsonb', nullable: true })
  policy!: Record<string, unknown> | null;

  /** The rectification item the hand-off started. */
  @Column({ name: 'item_id', type: 'text', nullable: true })
  itemId!: string | null;

  /** The person who recorded it; null on records made before this was kept. */
  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
