import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PeriodSpec } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { RectificationService } from '@lib/rectification';
import { pageLimit, pageOf, type Page } from '@lib/database';

/**
 * The look-back phase (回头看) of a campaign: outcomes of re-inspecting the items it selected,
 * confirmed or relapsed through the item's own workflow, which reopens a relapsed item.
 */
@Injectable()
export class LookBackService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RectificationService) private readonly items: RectificationService,
  ) {}

  /** The items selected for the campaign's look-back, a page at a time; `pending`: not yet recorded. */
  async selection(
    campaignId: string,
    page: { outcome?: 'pending' | 'confirmed' | 'relapsed'; limit?: number; offset?: number } = {},
  ): Promise<Page<Record<string, unknown>>> {
    const outcome =
      page.outcome === undefined ? '' : page.outcome === 'pending' ? 'AND s.outcome IS NULL' : 'AND s.outcome = $2';
    const params: unknown[] = [campaignId, ...(page.outcome && page.outcome !== 'pending' ? [page.outcome] : [])];
    const [[{ total }], items] = await Promise.all([
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM look_back_selection s WHERE s.campaign_id = $1 ${outcome}`,
        params,
      ),
      this.dataSource.query<Record<string, unknown>[]>(
        `SELECT s.item_id AS "itemId", i.title, i.status, i.round, s.outcome, s.findings,
                s.recorded_by AS "recordedBy", s.recorded_at AS "recordedAt"
         FROM look_back_selection s JOIN rectification_item i ON i.item_id = s.item_id
         WHERE s.campaign_id = $1 ${outcome} ORDER BY s.item_id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, pageLimit(page.limit), page.offset ?? 0],
      ),
    ]);
    return pageOf(page, total, items);
  }

  /**
   * Record the outcome of re-inspecting a selected item through the item's own workflow; the
   * selection takes the outcome when the item's event is projected (one outcome, whichever
   * route records it).
   */
  async record(
    campaignId: string,
    itemId: string,
    personId: string,
    body: { outcome: 'confirmed' | 'relapsed'; findings: string; rectifyWithin?: PeriodSpec },
    requestId?: string,
  ) {
    const [selected] = await this.dataSource.query<{ outcome: string | null }[]>(
      'SELECT outcome FROM look_back_selection WHERE campaign_id = $1 AND item_id = $2',
      [campaignId, itemId],
    );
    if (!selected) {
      throw new DomainError(
        'NOT_SELECTED_FOR_LOOK_BACK',
        404,
        `item ${itemId} is not selected for this campaign's look-back`,
        '该事项未列入本次回头看',
      );
    }
    if (selected.outcome !== null) {
      throw new DomainError(
        'LOOK_BACK_RECORDED',
        409,
        `the look-back of item ${itemId} is already recorded as ${selected.outcome}`,
        `该事项的回头看结果已记录（${selected.outcome === 'confirmed' ? '整改到位' : '问题反弹'}）`,
      );
    }
    return this.items.act(itemId, 'record-look-back', personId, body, requestId);
  }
}
