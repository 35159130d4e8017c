import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A question of the special inquiry (专题询问), prepared from findings and put to a unit at the
 * standing committee's session; the answer, and any commitment made in it, are recorded.
 */
@Entity({ name: 'inquiry_question' })
export class InquiryQuestion {
  /** `<campaignId>/Q-001`. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'finding_ids', type: 'text', array: true })
  findingIds!: string[];

  @Column({ type: 'text' })
  question!: string;

  /** The department or government the question is put to. */
  @Column({ name: 'to_unit_id', type: 'text' })
  toUnitId!: string;

  /** Who puts the question at the session (a member or deputy, by name). */
  @Column({ name: 'asked_by', type: 'text', nullable: true })
  askedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  /** Who answered for the unit (usually its head, by name). */
  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  /** What the unit committed to do (承诺事项), tracked as a rectification item. */
  @Column({ type: 'text', nullable: true })
  commitment!: string | null;

  @Column({ name: 'commitment_item_id', type: 'text', nullable: true })
  commitmentItemId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
