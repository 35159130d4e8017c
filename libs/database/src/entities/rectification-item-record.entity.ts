import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of a rectification item (整改事项), projected from its workflow's events. */
@Entity({ name: 'rectification_item' })
export class RectificationItemRecord {
  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer' })
  round!: number;

  @Column({ name: 'committee_unit_id', type: 'text' })
  committeeUnitId!: string;

  @Column({ name: 'lead_department_id', type: 'text' })
  leadDepartmentId!: string;

  @Column({ name: 'co_department_ids', type: 'text', array: true })
  coDepartmentIds!: string[];

  @Column({ name: 'district_id', type: 'text', nullable: true })
  districtId!: string | null;

  @Column({ name: 'campaign_id', type: 'text', nullable: true })
  campaignId!: string | null;

  @Column({ name: 'root_campaign_id', type: 'text', nullable: true })
  rootCampaignId!: string | null;

  @Column({ name: 'campaign_level', type: 'text', nullable: true })
  campaignLevel!: string | null;

  /** 0 overdue, 1 due soon, 2 on time, 3 nothing due: the dynamic list's first sort key. */
  @Column({ type: 'smallint', insert: false, update: false })
  urgency!: number;

  @Column({ name: 'deadline_step', type: 'text', nullable: true })
  deadlineStep!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'deadline_provisional', type: 'boolean' })
  deadlineProvisional!: boolean;

  @Column({ name: 'traffic_light', type: 'text' })
  trafficLight!: string;

  @Column({ name: 'escalation_level', type: 'text' })
  escalationLevel!: string;

  @Column({ name: 'extension_count', type: 'integer' })
  extensionCount!: number;

  @Column({ name: 'extension_pending', type: 'boolean' })
  extensionPending!: boolean;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
