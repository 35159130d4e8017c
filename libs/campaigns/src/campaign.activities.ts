import { Inject, Injectable } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  levelBelow,
  type CampaignActivities,
  type CampaignEvent,
  type CampaignInput,
  type LinkedCampaignSpec,
} from '@lib/contracts';
import { ConflictError } from '@lib/errors';
import { RectificationService } from '@lib/rectification';
import { recordCampaignEvents } from './campaign-projection';
import { handOffCampaign, handOffItemInput, listedFindings } from './hand-off-input';
import { CampaignsService } from './campaigns.service';

/** Items started at once within a hand-off batch: enough to keep the server busy, not flooded. */
const START_CONCURRENCY = 16;

/** Activities of the campaign workflow: its log, the hand-off, linked campaigns, the look-back. */
@Injectable()
export class CampaignActivitiesService implements CampaignActivities {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RectificationService) private readonly items: RectificationService,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
  ) {}

  async recordCampaignEvents(events: CampaignEvent[]): Promise<void> {
    await recordCampaignEvents(this.dataSource.manager, events);
  }

  /**
   * One bounded batch of the hand-off (ARCHITECTURE §8). Each listed finding becomes the
   * top-level workflow `rectification/<findingId>` (one item per finding); a finding whose item already
   * exists (an earlier attempt got that far) is counted, not started again. Findings are marked
   * handed off only after their items exist, so a crash in between repeats harmlessly.
   */
  async handOffBatch({ campaignId, batchSize }: { campaignId: string; batchSize: number }) {
    const campaign = await handOffCampaign(this.dataSource, campaignId);
    const findings = await listedFindings(this.dataSource, campaignId, batchSize);
    let started = 0;
    let existing = 0;
    const queue = [...findings];
    const startNext = async (): Promise<void> => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const input = handOffItemInput(campaign, f);
        try {
          await this.items.start(input);
          started += 1;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          existing += 1;
        }
        heartbeat({ started, existing });
      }
    };
    await Promise.all(Array.from({ length: START_CONCURRENCY }, startNext));
    if (findings.length > 0) {
      await this.dataSource.query(
        `UPDATE finding SET status = 'handed_off', item_id = id, updated_at = now()
         WHERE campaign_id = $2 AND id = ANY($1) AND status = 'listed'`,
        [findings.map((f) => f.id), campaignId],
      );
    }
    return { started, existing, more: findings.length === batchSize };
  }

  /** Start each linked campaign one level down; one that already exists is simply included. */
  async launchLinkedCampaigns(parent: CampaignInput, specs: LinkedCampaignSpec[]): Promise<string[]> {
    const level = levelBelow(parent.level);
    if (!level) return [];
    for (const spec of specs) {
      try {
        await this.campaigns.start({
          campaignId: spec.campaignId,
          title: spec.title ?? parent.title,
          level,
          organiser: spec.organiser,
          committeeUnitId: spec.committeeUnitId,
          jurisdictionUnitId: spec.jurisdictionUnitId,
          ...(parent.legalBasis ? { legalBasis: parent.legalBasis } : {}),
          parentCampaignId: parent.campaignId,
          rootCampaignId: parent.rootCampaignId,
          depth: parent.depth + 1,
          phases: parent.phases,
        });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
      heartbeat(spec.campaignId);
    }
    return specs.map((s) => s.campaignId);
  }

  /**
   * Select the campaign's closed items for the look-back: all of them, or a sample that is the
   * same however often it is drawn (ordered by a hash of the item id).
   */
  async selectForLookBack({ campaignId, sample }: { campaignId: string; sample?: number }): Promise<number> {
    await this.dataSource.query(
      `INSERT INTO look_back_selection (campaign_id, item_id)
       SELECT $1, item_id FROM rectification_item WHERE campaign_id = $1 AND status = 'closed'
       ORDER BY md5(item_id) LIMIT $2
       ON CONFLICT DO NOTHING`,
      [campaignId, sample ?? null],
    );
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM look_back_selection WHERE campaign_id = $1',
      [campaignId],
    );
    return n;
  }
}
