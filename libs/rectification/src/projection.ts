import type { DataSource, EntityManager } from 'typeorm';
import {
  rectificationWorkflowId,
  type RectificationEvent,
  type RectificationItemView,
  type RoundRecord,
} from '@lib/contracts';
import { appendEvents, writeOutbox, type LoggedEvent } from '@lib/database';

/** How a rectification event is kept in `event_log`: everything but its key, so the read model can be rebuilt. */
export function toLoggedEvent(event: RectificationEvent): LoggedEvent {
  const { itemId, seq, type, ...data } = event;
  return { stream: rectificationWorkflowId(itemId), seq, type, data: { ...data } };
}

/**
 * Append an item's events, project them into `rectification_item` and `rectification_round`,
 * and write their notifications to the outbox, all in one transaction. A retried call claims
 * nothing and writes nothing. Rows only move forward (by `last_seq`), so events projected out
 * of order never roll a row back.
 */
export async function recordEvents(manager: EntityManager, events: readonly RectificationEvent[]): Promise<number> {
  const logged = events.map((event) => ({ ...toLoggedEvent(event), event }));
  const claimed = await appendEvents(manager, logged, async (tx, fresh) => {
    await projectEvents(
      tx,
      fresh.map((f) => f.event),
    );
    const notifications = fresh.flatMap(({ event }) =>
      event.notifications.map((n, position) => ({
        ...n,
        stream: rectificationWorkflowId(event.itemId),
        seq: event.seq,
        position,
      })),
    );
    await writeOutbox(tx, notifications);
  });
  return claimed.length;
}

/** Upsert the latest item row and round rows the events leave behind. */
async function projectEvents(tx: EntityManager, events: readonly RectificationEvent[]): Promise<void> {
  const items = new Map<string, RectificationItemView>();
  const rounds = new Map<string, { itemId: string; seq: number; round: RoundRecord }>();
  for (const e of events) {
    const known = items.get(e.itemId);
    if (!known || known.lastSeq < e.item.lastSeq) items.set(e.itemId, e.item);
    const key = `${e.itemId}\u0000${e.round.round}`;
    const knownRound = rounds.get(key);
    if (!knownRound || knownRound.seq < e.seq) rounds.set(key, { itemId: e.itemId, seq: e.seq, round: e.round });
  }
  for (const item of items.values()) await upsertItem(tx, item);
  for (const { itemId, seq, round } of rounds.values()) await upsertRound(tx, itemId, seq, round);
  for (const e of events) {
    if (e.type === 'look_back.confirmed' || e.type === 'look_back.relapsed') await recordLookBackOutcome(tx, e);
  }
}

/**
 * A look-back outcome is the item's: whichever route recorded it (the item's action or the
 * campaign's look-back list), it closes the item's pending selections in every campaign that
 * selected it, in the transaction that logs the event. A selection already decided keeps its
 * outcome, so replaying the log (a rebuild) changes nothing.
 */
async function recordLookBackOutcome(tx: EntityManager, e: RectificationEvent): Promise<void> {
  const findings = typeof e.data.findings === 'string' ? e.data.findings : null;
  await tx.query(
    `UPDATE look_back_selection SET outcome = $2, findings = $3, recorded_by = $4, recorded_at = $5
     WHERE item_id = $1 AND outcome IS NULL`,
    [e.itemId, e.type === 'look_back.confirmed' ? 'confirmed' : 'relapsed', findings, e.actor?.personId ?? null, e.at],
  );
}

async function upsertItem(tx: EntityManager, v: RectificationItemView): Promise<void> {
  await tx.query(
    `INSERT INTO rectification_item (item_id, workflow_id, title, status, round, committee_unit_id,
       lead_department_id, co_department_ids, district_id, campaign_id, deadline_step, due_at, due_date,
       deadline_provisional, traffic_light, escalation_level, extension_count, extension_pending,
       assigned_at, closed_at, last_seq, root_campaign_id, campaign_level, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
       now())
     ON CONFLICT (item_id) DO UPDATE SET
       title = EXCLUDED.title, status = EXCLUDED.status, round = EXCLUDED.round,
       committee_unit_id = EXCLUDED.committee_unit_id, lead_department_id = EXCLUDED.lead_department_id,
       co_department_ids = EXCLUDED.co_department_ids, district_id = EXCLUDED.district_id,
       campaign_id = EXCLUDED.campaign_id, deadline_step = EXCLUDED.deadline_step, due_at = EXCLUDED.due_at,
       due_date = EXCLUDED.due_date, deadline_provisional = EXCLUDED.deadline_provisional,
       traffic_light = EXCLUDED.traffic_light, escalation_level = EXCLUDED.escalation_level,
       extension_count = EXCLUDED.extension_count, extension_pending = EXCLUDED.extension_pending,
       assigned_at = EXCLUDED.assigned_at, closed_at = EXCLUDED.closed_at, last_seq = EXCLUDED.last_seq,
       root_campaign_id = EXCLUDED.root_campaign_id, campaign_level = EXCLUDED.campaign_level, updated_at = now()
     WHERE rectification_item.last_seq < EXCLUDED.last_seq`,
    [
      v.itemId,
      rectificationWorkflowId(v.itemId),
      v.title,
      v.status,
      v.round,
      v.committeeUnitId,
      v.leadDepartmentId,
      v.coDepartmentIds,
      v.districtId,
      v.campaignId,
      v.deadlineStep,
      v.dueAt,
      v.dueDate,
      v.deadlineProvisional,
      v.trafficLight,
      v.escalationLevel,
      v.extensionCount,
      v.extensionPending,
      v.assignedAt,
      v.closedAt,
      v.lastSeq,
      v.rootCampaignId,
      v.campaignLevel,
    ],
  );
}

async function upsertRound(tx: EntityManager, itemId: string, seq: number, r: RoundRecord): Promise<void> {
  await tx.query(
    `INSERT INTO rectification_round (item_id, round, reason, started_at, plans, reports, completions, outcome,
       look_back, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (item_id, round) DO UPDATE SET
       plans = EXCLUDED.plans, reports = EXCLUDED.reports, completions = EXCLUDED.completions,
       outcome = EXCLUDED.outcome, look_back = EXCLUDED.look_back, last_seq = EXCLUDED.last_seq
     WHERE rectification_round.last_seq < EXCLUDED.last_seq`,
    [
      itemId,
      r.round,
      r.reason,
      r.startedAt,
      JSON.stringify(r.plans),
      JSON.stringify(r.reports),
      JSON.stringify(r.completions),
      r.outcome ? JSON.stringify(r.outcome) : null,
      r.lookBack ? JSON.stringify(r.lookBack) : null,
      seq,
    ],
  );
}

/**
 * Rebuild `rectification_item` and `rectification_round` from the event log alone, e.g. after
 * the projection changed. Runs in one transaction; readers see the old rows until it commits.
 */
export async function rebuildRectificationReadModel(
  dataSource: DataSource,
): Promise<{ items: number; rounds: number }> {
  return dataSource.transaction(async (tx) => {
    await tx.query('DELETE FROM rectification_round');
    await tx.query('DELETE FROM rectification_item');
    const rows: {
      stream: string;
      seq: number;
      type: string;
      data: Omit<RectificationEvent, 'itemId' | 'seq' | 'type'>;
    }[] = await tx.query(
      `SELECT stream, seq, type, data FROM event_log WHERE stream LIKE 'rectification/%' ORDER BY stream, seq`,
    );
    const events: RectificationEvent[] = rows.map((r) => ({
      ...r.data,
      itemId: r.stream.slice('rectification/'.length),
      seq: r.seq,
      type: r.type as RectificationEvent['type'],
    }));
    await projectEvents(tx, events);
    const [{ items }] = await tx.query<{ items: number }[]>('SELECT count(*)::int AS items FROM rectification_item');
    const [{ rounds }] = await tx.query<{ rounds: number }[]>(
      'SELECT count(*)::int AS rounds FROM rectification_round',
    );
    return { items, rounds };
  });
}
