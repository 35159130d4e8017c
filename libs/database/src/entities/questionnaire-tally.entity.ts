import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How often one answer was given to one question of a questionnaire (问卷调查). */
@Entity({ name: 'questionnaire_tally' })
export class QuestionnaireTally {
  @PrimaryColumn({ name: 'activity_id', type: 'text' })
  activityId!: string;

  @PrimaryColumn({ type: 'text' })
  question!: string;

  @PrimaryColumn({ type: 'text' })
  answer!: string;

  @Column({ type: 'integer' })
  count!: number;
}
