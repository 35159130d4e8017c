import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InspectionActivity } from '@lib/database';
import { ConflictError, NotFoundError } from '@lib/errors';
import { scopedId } from './ids';
import { InspectionAccess } from './inspection-access';

export interface AnswerBatch {
  /** The caller's name for the batch (an export file, a page of an online survey): imported once. */
  batchKey: string;
  answers: { question: string; answer: string }[];
  /**
   * How many people the batch's answers come from. When not given, each respondent is taken to
   * have answered every question once: the most answers any one question received.
   */
  respondents?: number;
}

export interface ImportResult {
  activityId: string;
  batchKey: string;
  /** False when the batch had been imported before: nothing was added. */
  imported: boolean;
  /** Answers in the batch, as first imported. */
  answers: number;
  /** Respondents of the questionnaire over every batch. */
  respondents: number;
}

export interface Tallies {
  activityId: string;
  respondents: number;
  answers: number;
  batches: number;
  questions: { question: string; total: number; answers: { answer: string; count: number }[] }[];
}

/**
 * Counts one batch in a single statement: claims (activity, batch key), and only if the claim is
 * new, groups the answers and adds the counts to the tallies and the respondents to the activity.
 * Tallies are upserted in key order so that concurrent imports lock rows in the same order.
 */
const IMPORT_BATCH = `
  WITH claim AS (
    INSERT INTO questionnaire_import (activity_id, batch_key, answers)
    VALUES ($1, $2, cardinality($3::text[]))
    ON CONFLICT (activity_id, batch_key) DO NOTHING
    RETURNING activity_id
  ), counted AS (
    SELECT question, answer, count(*)::int AS n
    FROM unnest($3::text[], $4::text[]) AS t(question, answer)
    WHERE EXISTS (SELECT 1 FROM claim)
    GROUP BY question, answer
  ), tallied AS (
    INSERT INTO questionnaire_tally (activity_id, question, answer, count)
    SELECT $1, question, answer, n FROM counted ORDER BY question, answer
    ON CONFLICT (activity_id, question, answer) DO UPDATE SET count = questionnaire_tally.count + EXCLUDED.count
    RETURNING 1
  ), respondents AS (
    UPDATE inspection_activity
    SET respondents = respondents + coalesce(
      $5::int, (SELECT max(per) FROM (SELECT sum(n)::int AS per FROM counted GROUP BY question) q), 0)
    WHERE id = $1 AND EXISTS (SELECT 1 FROM claim)
    RETURNING respondents
  )
  SELECT EXISTS (SELECT 1 FROM claim) AS imported, (SELECT count(*) FROM tallied)::int AS tallies`;

/** Questionnaire answers (问卷调查, 10,000+ in a campaign) counted into tallies. */
@Injectable()
export class QuestionnaireService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
  ) {}

  /** Import a batch of answers; importing the same batch key again adds nothing. */
  async importAnswers(
    campaignId: string,
    activityId: string,
    personId: string,
    batch: AnswerBatch,
  ): Promise<ImportResult> {
    const campaign = await this.access.campaignForWriting(campaignId);
    const activity = await this.questionnaire(campaignId, activityId);
    this.access.requireRecorder(
      await this.access.actor(personId),
      campaign,
      await this.access.group(campaignId, activity.groupId),
    );
    const imported = await this.dataSource.transaction(async (tx) => {
      // One import of an activity at a time: two batches then never wait on each other's tally rows.
      await tx.query('SELECT 1 FROM inspection_activity WHERE id = $1 FOR UPDATE', [activity.id]);
      const [row] = await tx.query<{ imported: boolean }[]>(IMPORT_BATCH, [
        activity.id,
        batch.batchKey,
        batch.answers.map((a) => a.question),
        batch.answers.map((a) => a.answer),
        batch.respondents ?? null,
      ]);
      return row?.imported ?? false;
    });
    const [summary] = await this.dataSource.query<{ answers: number; respondents: number }[]>(
      `SELECT i.answers, a.respondents FROM questionnaire_import i JOIN inspection_activity a ON a.id = i.activity_id
       WHERE i.activity_id = $1 AND i.batch_key = $2`,
      [activity.id, batch.batchKey],
    );
    return {
      activityId: activity.id,
      batchKey: batch.batchKey,
      imported,
      answers: summary?.answers ?? 0,
      respondents: summary?.respondents ?? 0,
    };
  }

  async tallies(campaignId: string, activityId: string): Promise<Tallies> {
    await this.access.campaign(campaignId);
    const activity = await this.questionnaire(campaignId, activityId);
    const [imports, rows] = await Promise.all([
      this.dataSource.query<{ batches: number; answers: number }[]>(
        'SELECT count(*)::int AS batches, coalesce(sum(answers), 0)::int AS answers FROM questionnaire_import WHERE activity_id = $1',
        [activity.id],
      ),
      this.dataSource.query<{ question: string; answer: string; count: number }[]>(
        'SELECT question, answer, count FROM questionnaire_tally WHERE activity_id = $1 ORDER BY question, count DESC, answer',
        [activity.id],
      ),
    ]);
    const questions: Tallies['questions'] = [];
    for (const row of rows) {
      let q = questions.at(-1);
      if (q?.question !== row.question) {
        q = { question: row.question, total: 0, answers: [] };
        questions.push(q);
      }
      q.total += row.count;
      q.answers.push({ answer: row.answer, count: row.count });
    }
    return {
      activityId: activity.id,
      respondents: activity.respondents,
      answers: imports[0]?.answers ?? 0,
      batches: imports[0]?.batches ?? 0,
      questions,
    };
  }

  private async questionnaire(campaignId: string, activityId: string): Promise<InspectionActivity> {
    const activity = await this.dataSource
      .getRepository(InspectionActivity)
      .findOneBy({ id: scopedId(campaignId, activityId), campaignId });
    if (!activity) throw new NotFoundError('Activity', activityId, '检查活动');
    if (activity.kind !== 'questionnaire') {
      throw new ConflictError(
        'NOT_A_QUESTIONNAIRE',
        `activity ${activity.id} is a ${activity.kind}, not a questionnaire`,
        `该检查活动不是问卷调查：${activity.id}`,
      );
    }
    return activity;
  }
}
