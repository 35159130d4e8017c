import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CAMPAIGN_LEVELS } from '@lib/contracts';
import { CampaignTarget, findPage, TargetReport, type Page, type PageRequest } from '@lib/database';
import { NotFoundError } from '@lib/errors';
import { InspectionAccess, roleNotAllowed } from './inspection-access';

export interface TargetDefinition {
  label: string;
  /** Unit of measure: 个, 张, 户, %. */
  unit: string;
  target: number;
}

/**
 * How a target's figures combine across campaigns: counts (个, 张, 户, 项…) add up; ratios (%, ‰)
 * do not — they are averaged where several campaigns or reports stand side by side.
 */
export type TargetAggregation = 'sum' | 'mean';

export interface LevelTotal {
  level: string;
  /** Campaigns of this level in the tree that set the target. */
  campaigns: number;
  /** Their targets, summed (counts) or averaged (ratios). */
  target: number;
  /** What they achieved, summed (counts) or the mean of what they report (ratios; null: nothing reported). */
  achieved: number | null;
}

export interface TargetView {
  key: string;
  label: string;
  unit: string;
  aggregation: TargetAggregation;
  target: number;
  /** Reported by departments in this campaign: their sum (counts) or mean (ratios; null: none yet). */
  achieved: number | null;
  reports: { departmentId: string; value: number; reportedBy: string; reportedAt: Date }[];
  /**
   * The campaign with every campaign linked below it that set the same key (docs/domain-model.md,
   * "Outcome targets"). A linked campaign's target is its share of this one's, never added to it:
   * `target` is this campaign's own, `allocated` what the campaigns directly below took on as
   * shares (counts only). `achieved` adds up every department's report in the tree (each reports
   * what it delivered itself); for a ratio it is this campaign's own figure.
   */
  rolledUp: {
    campaigns: number;
    target: number;
    allocated: number | null;
    achieved: number | null;
    byLevel: LevelTotal[];
  };
}

/** Units whose figures are ratios, which are averaged, never summed. */
const RATIO_UNITS = new Set(['%', '％', '‰']);
export const targetAggregation = (unit: string): TargetAggregation => (RATIO_UNITS.has(unit.trim()) ? 'mean' : 'sum');

/**
 * Per target key (of `$2`, keys the campaign `$1` set), every campaign of the tree below `$1`
 * (三级联动) that set it, with its level, parent, target and what its departments reported.
 * UNION, not UNION ALL: a parent chain that looped back would end instead of running forever.
 */
const ROLL_UP = `
  WITH RECURSIVE tree AS (
    SELECT id, level, NULL::text AS parent FROM campaign WHERE id = $1
    UNION
    SELECT c.id, c.level, c.parent_campaign_id FROM campaign c JOIN tree t ON c.parent_campaign_id = t.id
  ), achieved AS (
    SELECT campaign_id, key, sum(value)::float8 AS total, avg(value)::float8 AS mean FROM target_report
    WHERE campaign_id IN (SELECT id FROM tree) AND key = ANY($2::text[]) GROUP BY campaign_id, key
  )
  SELECT ct.key, t.id AS "campaignId", t.level, t.parent, ct.target::float8 AS target,
         coalesce(a.total, 0)::float8 AS total, a.mean
  FROM tree t
  JOIN campaign_target ct ON ct.campaign_id = t.id
  LEFT JOIN achieved a ON a.campaign_id = ct.campaign_id AND a.key = ct.key
  WHERE ct.key = ANY($2::text[])`;

interface TreeTarget {
  key: string;
  campaignId: string;
  level: string;
  parent: string | null;
  target: number;
  /** Sum of the campaign's reports. */
  total: number;
  /** Mean of the campaign's reports; null when there are none. */
  mean: number | null;
}

const sum = (values: number[]): number => values.reduce((n, v) => n + v, 0);
const mean = (values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : sum(present) / present.length;
};

/** Outcome targets of a campaign (e.g. 建成助餐点 114 个) and what departments report achieved. */
@Injectable()
export class TargetsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InspectionAccess) private readonly access: InspectionAccess,
  ) {}

  /** Set a target, or change its label, unit or number; reports already made stay. */
  async define(campaignId: string, key: string, personId: string, definition: TargetDefinition): Promise<TargetView> {
    const campaign = await this.access.campaignForWriting(campaignId);
    this.access.requireCommitteeStaff(await this.access.actor(personId), campaign);
    await this.dataSource
      .getRepository(CampaignTarget)
      .upsert({ campaignId, key, ...definition }, ['campaignId', 'key']);
    return this.target(campaignId, key);
  }

  /**
   * A department's handler or leader reports what the department has achieved; a later report
   * replaces its earlier one.
   */
  async report(campaignId: string, key: string, personId: string, value: number): Promise<TargetView> {
    await this.access.campaignForWriting(campaignId);
    const actor = await this.access.actor(personId);
    if (!actor.roles.includes('department_handler') && !actor.roles.includes('department_leader')) {
      throw roleNotAllowed('only a department handler or leader reports what the department achieved');
    }
    await this.requireTarget(campaignId, key);
    await this.dataSource.query(
      `INSERT INTO target_report (campaign_id, key, department_id, value, reported_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (campaign_id, key, department_id)
       DO UPDATE SET value = EXCLUDED.value, reported_by = EXCLUDED.reported_by, reported_at = now()`,
      [campaignId, key, actor.unitId, value, actor.personId],
    );
    return this.target(campaignId, key);
  }

  /** A page of the campaign's targets, by key (unique within a campaign), each with its sums. */
  async list(campaignId: string, page: PageRequest = {}): Promise<Page<TargetView>> {
    await this.access.campaign(campaignId);
    const found = await findPage(
      this.dataSource.getRepository(CampaignTarget),
      { where: { campaignId }, order: { key: 'ASC' } },
      page,
    );
    return { ...found, items: await this.views(campaignId, found.items) };
  }

  async target(campaignId: string, key: string): Promise<TargetView> {
    const target = await this.dataSource.getRepository(CampaignTarget).findOneBy({ campaignId, key });
    if (!target) throw new NotFoundError('Target', `${campaignId}/${key}`, '目标');
    const [view] = await this.views(campaignId, [target]);
    return view;
  }

  private async requireTarget(campaignId: string, key: string): Promise<void> {
    if (!(await this.dataSource.getRepository(CampaignTarget).existsBy({ campaignId, key }))) {
      throw new NotFoundError('Target', `${campaignId}/${key}`, '目标');
    }
  }

  /** The campaign's `targets`, each with its reports and its figures over the linked tree. */
  private async views(campaignId: string, targets: CampaignTarget[]): Promise<TargetView[]> {
    if (targets.length === 0) return [];
    const keys = targets.map((t) => t.key);
    const [reports, tree] = await Promise.all([
      this.dataSource.getRepository(TargetReport).find({
        where: { campaignId, key: In(keys) },
        order: { key: 'ASC', departmentId: 'ASC' },
      }),
      this.dataSource.query<TreeTarget[]>(ROLL_UP, [campaignId, keys]),
    ]);
    const rank = (level: string) => CAMPAIGN_LEVELS.indexOf(level as (typeof CAMPAIGN_LEVELS)[number]);
    return targets.map((t) => {
      const aggregation = targetAggregation(t.unit);
      const combine = (values: number[]): number => (aggregation === 'sum' ? sum(values) : (mean(values) ?? 0));
      const own = reports.filter((r) => r.key === t.key);
      const ownAchieved = aggregation === 'sum' ? sum(own.map((r) => r.value)) : mean(own.map((r) => r.value));
      const nodes = tree.filter((n) => n.key === t.key);
      const levels = [...new Set(nodes.map((n) => n.level))].sort((a, b) => rank(a) - rank(b));
      const byLevel = levels.map((level) => {
        const at = nodes.filter((n) => n.level === level);
        return {
          level,
          campaigns: at.length,
          target: combine(at.map((n) => n.target)),
          achieved: aggregation === 'sum' ? sum(at.map((n) => n.total)) : mean(at.map((n) => n.mean)),
        };
      });
      return {
        key: t.key,
        label: t.label,
        unit: t.unit,
        aggregation,
        target: t.target,
        achieved: ownAchieved,
        reports: own.map((r) => ({
          departmentId: r.departmentId,
          value: r.value,
          reportedBy: r.reportedBy,
          reportedAt: r.reportedAt,
        })),
        rolledUp: {
          campaigns: nodes.length,
          target: t.target,
          allocated:
            aggregation === 'sum' ? sum(nodes.filter((n) => n.parent === campaignId).map((n) => n.target)) : null,
          achieved: aggregation === 'sum' ? sum(nodes.map((n) => n.total)) : ownAchieved,
          byLevel,
        },
      };
    });
  }
}
