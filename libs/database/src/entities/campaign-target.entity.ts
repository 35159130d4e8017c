import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/**
 * PostgreSQL `numeric` arrives as a string so that no precision is lost; the quantities kept in
 * it (sites built, beds, percentages) are well within a double's exact range.
 */
export const numericAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** An outcome target of a campaign (e.g. meal sites built: 114), counted in the final report. */
@Entity({ name: 'campaign_target' })
export class CampaignTarget {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  /** e.g. `meal_sites`; the same key in linked campaigns rolls up. */
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  label!: string;

  /** The unit of measure, e.g. 个, 张, %. */
  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'numeric', transformer: numericAsNumber })
  target!: number;
}
