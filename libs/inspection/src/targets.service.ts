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

export interface LevelTotal {
  level: string;
  /** Campaigns of this level in the tree that set the target. */
  campaigns: number;
  target: number;
  achieved: number;
}

export interface TargetView {
  key: string;
  label: string;
  unit: string;
  target: number;
  /** Reported by departments in this campaign. */
  achieved: number;
  reports: { departmentId: string; value: number; reportedBy: string; reportedAt: Date }[];
  /** This campaign and every campaign linked below it that set the same key, in all and per level. */
  rolledUp: { campaigns: number; target: number; achieved: number; byLevel: LevelTotal[] };
}

/**
 * Per target key (of `$2`, keys the campaign `$1` set) and level, over the campaign and all
 * campaigns below it (三级联动). UNION, not UNION ALL: a parent chain that looped back would end
 * instead of running forever.
 */
const ROLL_UP = `
  WITH RECURSIVE tree AS (
    SELECT id, level FROM campaign WHERE id = $1
    UNION
    SELECT c.id, c.level FROM campaign c JOIN tree t ON c.parent_campaign_id = t.id
  ), achieved AS (
    SELECT campaign_id, key, sum(value) AS value FROM target_report
    WHERE campaign_id IN (SELECT id FROM tree) GROUP BY campaign_id, key
  )
  SELECT ct.key, t.level, count(*)::int AS campaigns, sum(ct.target)::float8 AS target,
         coalesce(sum(a.value), 0)::float8 AS achieved
  FROM tree t
  JOIN campaign_target ct ON ct.campaign_id = t.id
  LEFT JOIN achieved a ON a.campaign_id = ct.campaign_id AND a.key = ct.key
  WHERE ct.key = ANY($2::text[])
  GROUP BY ct.key, t.level`;

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
    const { total, items } = await findPage(
      this.dataSource.getRepository(CampaignTarget),
      { where: { campaignId }, order: { key: 'ASC' } },
      page,
    );
    return { total, items: await this.views(campaignId, items) };
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

  /** The campaign's `targets`, each with its reports and its sums over the linked tree. */
  private async views(campaignId: string, targets: CampaignTarget[]): Promise<TargetView[]> {
    if (targets.length === 0) return [];
    const keys = targets.map((t) => t.key);
    const [reports, levels] = await Promise.all([
      this.dataSource.getRepository(TargetReport).find({
        where: { campaignId, key: In(keys) },
        order: { key: 'ASC', departmentId: 'ASC' },
      }),
      this.dataSource.query<(LevelTotal & { key: string })[]>(ROLL_UP, [campaignId, keys]),
    ]);
    const rank = (level: string) => CAMPAIGN_LEVELS.indexOf(level as (typeof CAMPAIGN_LEVELS)[number]);
    return targets.map((t) => {
      const own = reports.filter((r) => r.key === t.key);
      const byLevel = levels
        .filter((l) => l.key === t.key)
        .map(({ level, campaigns, target, achieved }) => ({ level, campaigns, target, achieved }))
        .sort((a, b) => rank(a.level) - rank(b.level));
      return {
        key: t.key,
        label: t.label,
        unit: t.unit,
        target: t.target,
        achieved: own.reduce((sum, r) => sum + r.value, 0),
        reports: own.map((r) => ({
          departmentId: r.departmentId,
          value: r.value,
          reportedBy: r.reportedBy,
          reportedAt: r.reportedAt,
        })),
        rolledUp: {
          campaigns: byLevel.reduce((n, l) => n + l.campaigns, 0),
          target: byLevel.reduce((n, l) => n + l.target, 0),
          achieved: byLevel.reduce((n, l) => n + l.achieved, 0),
          byLevel,
        },
      };
    });
  }
}
