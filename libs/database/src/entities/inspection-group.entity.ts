import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An inspection group of a campaign: 专题调研组 (`research`) or 执法检查组 (`law_enforcement`). */
@Entity({ name: 'inspection_group' })
export class InspectionGroup {
  /** `<campaignId>/G-01`. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: string;

  /** People (committee staff, inspectors) in the group. */
  @Column({ name: 'member_ids', type: 'text', array: true })
  memberIds!: string[];

  /** Deputies (人大代表) taking part, by name: they need no account to be listed. */
  @Column({ name: 'deputy_names', type: 'text', array: true })
  deputyNames!: string[];

  /** The districts, streets or towns the group inspects. */
  @Column({ name: 'district_ids', type: 'text', array: true })
  districtIds!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
