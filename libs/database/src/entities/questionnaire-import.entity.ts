import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A batch of questionnaire answers already counted: the claim that makes a re-import add nothing. */
@Entity({ name: 'questionnaire_import' })
export class QuestionnaireImport {
  @PrimaryColumn({ name: 'activity_id', type: 'text' })
  activityId!: string;

  @PrimaryColumn({ name: 'batch_key', type: 'text' })
  batchKey!: string;

  /** How many answers the batch held. */
  @Column({ type: 'integer' })
  answers!: number;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
