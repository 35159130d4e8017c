import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@lib/contracts';
import { DomainError, NotFoundError } from '@lib/errors';
import type { ItemScope } from '@lib/rectification';
import { TtlCache } from './ttl-cache';

/**
 * How a reader stands to a campaign:
 * - `own`: a campaign of the reader's own congress (its committees at the same level);
 * - `linked`: a campaign linked below one of those (三级联动): its summary, roll-up and
 *   dynamic list are visible, its inspection records are not;
 * - `participant`: a government unit inside the campaign's jurisdiction, or one with items in
 *   it: it sees the campaign's summary and reports what it achieved against the targets.
 */
export type CampaignStanding = 'own' | 'linked' | 'participant';

/** Campaigns a reader may list: these ids, or those over these jurisdictions. */
export interface CampaignScopeFilter {
  campaignIds: string[];
  jurisdictionUnitIds: string[];
}

/** Where a business reader sits: the congress side or the government side of the loop. */
export type ReaderScope =
  /** `root`: the congress (or a committee standing on its own); its same-level committees. */
  | { side: 'congress'; root: string; committeeUnitIds: string[] }
  /** The unit and every unit below it. */
  | { side: 'government'; unitIds: string[] }
  | { side: 'none' };

const CONGRESS_SIDE = new Set(['congress', 'committee']);

export function administratorsStayOut(): DomainError {
  return new DomainError(
    'ROLE_NOT_ALLOWED',
    403,
    'administrator accounts do not act on supervision business',
    '管理员账号不能办理监督业务',
  );
}

/**
 * Access control at the data level. Everything a business reader may see is derived from the
 * unit of the person they act for; whatever they may not see answers as if it did not exist.
 * Scopes are resolved once per request (the principal object is the cache key).
 */
@Injectable()
export class AccessService {
  /**
   * What a unit may see, and a unit's standing towards a campaign, are derived from the
   * organisation tree and the campaign tree, which change rarely; they are kept this long.
   * Who holds which role and whether an account may act at all are never cached: the session
   * lookup reads them on every request.
   */
  static readonly TREE_CACHE_MS = 30_000;
  private readonly scopes = new TtlCache<ReaderScope>(AccessService.TREE_CACHE_MS);
  private readonly standings = new TtlCache<CampaignStanding | null>(AccessService.TREE_CACHE_MS);

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  scope(principal: Principal): Promise<ReaderScope> {
    if (!principal.unitId || principal.adminRole) return Promise.resolve({ side: 'none' });
    return this.scopes.get(principal.unitId, () => this.resolveScope(principal));
  }

  /** The reader's standing towards a campaign, or null when it is none of their business. */
  campaignStanding(principal: Principal, campaignId: string): Promise<CampaignStanding | null> {
    if (!principal.unitId || principal.adminRole) return Promise.resolve(null);
    // Only a standing is kept: "none" may change as soon as the campaign is launched or
    // handed off to the reader's department, so it is looked up again every time.
    return this.standings.get(
      `${principal.unitId}\u0000${campaignId}`,
      () => this.resolveStanding(principal, campaignId),
      (standing) => standing !== null,
    );
  }

  /** Forget what the trees said (after the organisation changes, and in tests). */
  forgetTrees(): void {
    this.scopes.clear();
    this.standings.clear();
  }

  private async resolveStanding(principal: Principal, campaignId: string): Promise<CampaignStanding | null> {
    const scope = await this.scope(principal);
    if (scope.side === 'none') return null;
    const chain: { id: string; committee_unit_id: string | null; jurisdiction_unit_id: string | null }[] =
      await this.dataSource.query(
        `WITH RECURSIVE up AS (
           SELECT id, parent_campaign_id, committee_unit_id, jurisdiction_unit_id, 0 AS depth FROM campaign WHERE id = $1
           UNION ALL
           SELECT c.id, c.parent_campaign_id, c.committee_unit_id, c.jurisdiction_unit_id, up.depth + 1
             FROM campaign c JOIN up ON c.id = up.parent_campaign_id WHERE up.depth < 8)
         SELECT id, committee_unit_id, jurisdiction_unit_id FROM up ORDER BY depth`,
        [campaignId],
      );
    const [campaign, ...above] = chain;
    if (!campaign) return null;
    if (scope.side === 'congress') {
      const ours = (c: { committee_unit_id: string | null }) =>
        c.committee_unit_id !== null && scope.committeeUnitIds.includes(c.committee_unit_id);
      if (ours(campaign)) return 'own';
      return above.some(ours) ? 'linked' : null;
    }
    const participant = await this.participantCampaigns(principal, scope.unitIds, campaignId);
    return participant.length > 0 ? 'participant' : null;
  }

  /** Throws "no such campaign" unless the reader stands towards it in one of the `allowed` ways. */
  async requireCampaign(
    principal: Principal,
    campaignId: string,
    allowed: readonly CampaignStanding[],
  ): Promise<CampaignStanding> {
    const standing = await this.campaignStanding(principal, campaignId);
    if (standing === null || !allowed.includes(standing)) throw new NotFoundError('Campaign', campaignId, '监督项目');
    return standing;
  }

  /** Throws "no such item" unless the reader may see the item. */
  async requireItem(principal: Principal, itemId: string): Promise<void> {
    const scope = await this.scope(principal);
    const [item]: {
      committee_unit_id: string;
      lead_department_id: string;
      co_department_ids: string[];
      campaign_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT committee_unit_id, lead_department_id, co_department_ids, campaign_id FROM rectification_item WHERE item_id = $1`,
      [itemId],
    );
    const hidden = new NotFoundError('Item', itemId, '整改事项');
    if (!item || scope.side === 'none') throw hidden;
    if (scope.side === 'government') {
      const units = new Set(scope.unitIds);
      if (units.has(item.lead_department_id) || item.co_department_ids.some((u) => units.has(u))) return;
      throw hidden;
    }
    if (scope.committeeUnitIds.includes(item.committee_unit_id)) return;
    if (item.campaign_id && (await this.campaignStanding(principal, item.campaign_id)) !== null) return;
    throw hidden;
  }

  /**
   * The reader acts for one of the item's departments (lead or co-operating, or a unit above
   * one), as a handler or leader; otherwise a 403 (they may see the item, but not act for it).
   */
  async requireItemDepartment(principal: Principal, itemId: string): Promise<void> {
    const scope = await this.scope(principal);
    const acting = principal.roles.includes('department_handler') || principal.roles.includes('department_leader');
    if (scope.side === 'government' && acting) {
      const [item]: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM rectification_item
          WHERE item_id = $1 AND (lead_department_id = ANY($2::text[]) OR co_department_ids && $2::text[])`,
        [itemId, scope.unitIds],
      );
      if (item) return;
    }
    throw new DomainError(
      'UNIT_NOT_RESPONSIBLE',
      403,
      `only the departments of item ${itemId} may do this`,
      '仅责任单位可执行此操作',
    );
  }

  /** Throws "no such finding" unless the reader may see the finding's campaign as `allowed`. */
  async requireFinding(principal: Principal, findingId: string, allowed: readonly CampaignStanding[]): Promise<void> {
    const [finding]: { campaign_id: string }[] = await this.dataSource.query(
      `SELECT campaign_id FROM finding WHERE id = $1`,
      [findingId],
    );
    const standing = finding ? await this.campaignStanding(principal, finding.campaign_id) : null;
    if (standing === null || !allowed.includes(standing)) throw new NotFoundError('Finding', findingId, '问题');
  }

  async requireSnapshot(principal: Principal, snapshotId: string, allowed: readonly CampaignStanding[]): Promise<void> {
    const [snapshot]: { campaign_id: string }[] = await this.dataSource.query(
      `SELECT campaign_id FROM list_snapshot WHERE id = $1`,
      [snapshotId],
    );
    const standing = snapshot ? await this.campaignStanding(principal, snapshot.campaign_id) : null;
    if (standing === null || !allowed.includes(standing)) throw new NotFoundError('Snapshot', snapshotId, '清单快照');
  }

  /**
   * Committee staff acting for that committee: their own committee, or — sitting at the
   * congress itself (its general office) — any committee of that congress. Otherwise a 403.
   */
  async requireCommitteeStaffOf(principal: Principal, committeeUnitId: string): Promise<void> {
    const scope = await this.scope(principal);
    const forIt =
      principal.unitId === committeeUnitId ||
      (scope.side === 'congress' &&
        scope.root === principal.unitId &&
        scope.committeeUnitIds.includes(committeeUnitId));
    if (principal.roles.includes('committee_staff') && forIt) return;
    throw new DomainError(
      'ROLE_NOT_ALLOWED',
      403,
      `only committee staff of ${committeeUnitId} may do this`,
      '无权执行此操作',
      'committeeUnitId',
    );
  }

  /** The items the reader may list: their departments', or their congress's and those linked below it. */
  async itemScope(principal: Principal): Promise<ItemScope> {
    const scope = await this.scope(principal);
    if (scope.side === 'government') return { departmentUnitIds: scope.unitIds, committeeUnitIds: [], campaignIds: [] };
    if (scope.side === 'none') return { departmentUnitIds: [], committeeUnitIds: [], campaignIds: [] };
    return {
      departmentUnitIds: [],
      committeeUnitIds: scope.committeeUnitIds,
      campaignIds: await this.campaignsFrom(scope.committeeUnitIds),
    };
  }

  /**
   * The campaigns the reader may list: their congress's own and those linked below; for a
   * government unit, those whose jurisdiction it lies in.
   */
  async campaignScope(principal: Principal): Promise<CampaignScopeFilter> {
    const scope = await this.scope(principal);
    if (scope.side === 'congress') {
      return { campaignIds: await this.campaignsFrom(scope.committeeUnitIds), jurisdictionUnitIds: [] };
    }
    if (scope.side === 'none') return { campaignIds: [], jurisdictionUnitIds: [] };
    return { campaignIds: await this.participantCampaigns(principal, scope.unitIds), jurisdictionUnitIds: [] };
  }

  /**
   * The campaigns a government unit takes part in: those over a jurisdiction it lies in —
   * unless a campaign linked below covers it more closely (a district bureau answers to its
   * district's campaign, not also to the city's) — and those with items it leads or co-operates
   * on. With `campaignId`, only whether it takes part in that one.
   */
  private async participantCampaigns(principal: Principal, unitIds: string[], campaignId?: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM org_unit WHERE id = $1
         UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM org_unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 12)
       SELECT c.id FROM campaign c
        WHERE c.jurisdiction_unit_id IN (SELECT id FROM up) AND ($3::text IS NULL OR c.id = $3)
          AND NOT EXISTS (SELECT 1 FROM campaign k
                           WHERE k.parent_campaign_id = c.id AND k.jurisdiction_unit_id IN (SELECT id FROM up))
       UNION
       SELECT DISTINCT i.campaign_id FROM rectification_item i
        WHERE i.campaign_id IS NOT NULL AND ($3::text IS NULL OR i.campaign_id = $3)
          AND (i.lead_department_id = ANY($2::text[]) OR i.co_department_ids && $2::text[])`,
      [principal.unitId, unitIds, campaignId ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Campaigns run by these committees, and every campaign linked below them. */
  private async campaignsFrom(committeeUnitIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE down AS (
         SELECT c.id, 0 AS depth FROM campaign c
          WHERE c.committee_unit_id = ANY($1::text[])
         UNION ALL
         SELECT c.id, down.depth + 1 FROM campaign c JOIN down ON c.parent_campaign_id = down.id WHERE down.depth < 8)
       SELECT DISTINCT id FROM down`,
      [committeeUnitIds],
    );
    return rows.map((c) => c.id);
  }

  private async resolveScope(principal: Principal): Promise<ReaderScope> {
    if (!principal.unitId || principal.adminRole) return { side: 'none' };
    const [unit]: { id: string; kind: string; level: string | null; parent_id: string | null }[] =
      await this.dataSource.query(`SELECT id, kind, level, parent_id FROM org_unit WHERE id = $1`, [principal.unitId]);
    if (!unit) return { side: 'none' };
    if (CONGRESS_SIDE.has(unit.kind)) {
      // A committee speaks for its congress when they sit at the same level; a working
      // committee a level below (a development zone's) stands on its own.
      let root = unit.id;
      if (unit.kind === 'committee' && unit.parent_id) {
        const [parent]: { kind: string; level: string | null }[] = await this.dataSource.query(
          `SELECT kind, level FROM org_unit WHERE id = $1`,
          [unit.parent_id],
        );
        if (parent?.kind === 'congress' && parent.level === unit.level) root = unit.parent_id;
      }
      return { side: 'congress', root, committeeUnitIds: await this.subtree(root, unit.level) };
    }
    return { side: 'government', unitIds: await this.subtree(unit.id, null) };
  }

  /** A unit and every unit below it; with `level`, only those at that level. */
  private async subtree(unitId: string, level: string | null): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE down AS (
         SELECT id, level, 0 AS depth FROM org_unit WHERE id = $1
         UNION ALL
         SELECT u.id, u.level, down.depth + 1 FROM org_unit u JOIN down ON u.parent_id = down.id
          WHERE down.depth < 12 AND ($2::text IS NULL OR u.level IS NULL OR u.level = $2))
       SELECT id FROM down ORDER BY depth, id`,
      [unitId, level],
    );
    return rows.map((r) => r.id);
  }
}
