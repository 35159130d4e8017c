import type { EntityManager } from 'typeorm';
import { campaignWorkflowId, type CampaignEvent, type CampaignView } from '@lib/contracts';
import { appendEvents, writeOutbox } from '@lib/database';

/**
 * Append a campaign's events, project the row they leave behind into `campaign` (only
 * forward, by `last_seq`) and write their notifications, in one transaction.
 */
export async function recordCampaignEvents(manager: EntityManager, events: readonly CampaignEvent[]): Promise<number> {
  const logged = events.map((event) => {
    const { campaignId, seq, type, ...data } = event;
    return { stream: campaignWorkflowId(campaignId), seq, type, data: { ...data }, event };
  });
  const claimed = await appendEvents(manager, logged, async (tx, fresh) => {
    const latest = fresh.reduce((a, b) => (a.seq > b.seq ? a : b));
    await upsertCampaign(tx, latest.event.view);
    await writeOutbox(
      tx,
      fresh.flatMap(({ stream, event }) =>
        event.notifications.map((n, position) => ({ ...n, stream, seq: event.seq, position })),
      ),
    );
  });
  return claimed.length;
}

async function upsertCampaign(tx: EntityManager, v: CampaignView): Promise<void> {
  await tx.query(
    `INSERT INTO campaign (id, workflow_id, title, level, organiser, legal_basis, phase, last_seq, created_at,
       committee_unit_id, jurisdiction_unit_id, parent_campaign_id, root_campaign_id, depth, phase_due_at,
       phase_due_date, phase_light, phases, handed_off)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (id) DO UPDATE SET
       phase = EXCLUDED.phase, last_seq = EXCLUDED.last_seq, phase_due_at = EXCLUDED.phase_due_at,
       phase_due_date = EXCLUDED.phase_due_date, phase_light = EXCLUDED.phase_light,
       handed_off = EXCLUDED.handed_off, updated_at = now()
     WHERE campaign.last_seq < EXCLUDED.last_seq`,
    [
      v.campaignId,
      campaignWorkflowId(v.campaignId),
      v.title,
      v.level,
      v.organiser,
      v.legalBasis,
      v.phase,
      v.lastSeq,
      v.committeeUnitId,
      v.jurisdictionUnitId,
      v.parentCampaignId,
      v.rootCampaignId,
      v.depth,
      v.phaseDueAt,
      v.phaseDueDate,
      v.phaseLight,
      JSON.stringify(v.phases),
      v.handedOff,
    ],
  );
}
