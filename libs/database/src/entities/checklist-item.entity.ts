import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One concrete item (具体内容) of a campaign's checklist (监督重点内容清单), under its focal point
 * (监督重点). Linked campaigns share the list of their root campaign.
 */
@Entity({ name: 'checklist_item' })
export class ChecklistItem {
  /** `<campaignId>/FP03-07`: focal point 3, item 7. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'focal_point_no', type: 'integer' })
  focalPointNo!: number;

  @Column({ name: 'focal_point', type: 'text' })
  focalPoint!: string;

  @Column({ name: 'item_no', type: 'integer' })
  itemNo!: number;

  @Column({ type: 'text' })
  content!: string;

  /** The inspection group that owns the item, if assigned. */
  @Column({ name: 'group_id', type: 'text', nullable: true })
  groupId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
