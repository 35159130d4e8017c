import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RectificationEvent, RectificationItemView, RoundRecord } from '@lib/contracts';
import { openDatabase, RectificationItemRecord, RectificationRoundRecord } from '@lib/database';
import { testEnv } from '../../../test/setup/test-env';
import { rebuildRectificationReadModel, recordEvents } from './projection';

/** The rectification read model on real PostgreSQL: idempotent, order-proof, rebuildable. */
describe('rectification projection', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDatabase(testEnv('databaseUrl'));
  });
  afterAll(() => dataSource?.destroy());

  function events(itemId: string): RectificationEvent[] {
    const view = (seq: number, status: RectificationItemView['status'], light: RectificationItemView['trafficLight']) =>
      ({
        itemId,
        title: '养老机构消防隐患',
        status,
        round: 1,
        committeeUnitId: 'cmte',
        leadDepartmentId: 'dept',
        coDepartmentIds: ['co'],
        districtId: 'erqi',
        campaignId: 'zz',
        rootCampaignId: 'zz',
        campaignLevel: 'city',
        deadlineStep: 'acknowledge',
        dueAt: '2026-12-02T16:00:00.000Z',
        dueDate: '2026-12-02',
        deadlineProvisional: false,
        trafficLight: light,
        escalationLevel: seq === 3 ? 'reminder' : 'none',
        extensionCount: 0,
        extensionPending: false,
        assignedAt: '2026-11-27T02:00:00.000Z',
        closedAt: null,
        lastSeq: seq,
      }) satisfies RectificationItemView;
    const round: RoundRecord = {
      round: 1,
      startedAt: '2026-11-27T02:00:00.000Z',
      reason: 'hand_off',
      plans: [],
      reports: [],
      completions: [],
    };
    const event = (seq: number, type: RectificationEvent['type'], item: RectificationItemView): RectificationEvent => ({
      itemId,
      seq,
      type,
      at: new Date(Date.UTC(2026, 11, seq)).toISOString(),
      actor: null,
      data: {},
      item,
      round,
      notifications: [
        { kind: type, recipientUnitId: 'dept', recipientRole: 'department_handler', message: type },
        { kind: type, recipientUnitId: 'co', recipientRole: 'department_handler', message: type },
      ],
    });
    return [
      event(1, 'item.assigned', view(1, 'assigned', 'green')),
      event(2, 'deadline.overdue', view(2, 'assigned', 'red')),
      event(3, 'escalation.reminder', view(3, 'assigned', 'red')),
    ];
  }

  const count = async (sql: string, stream: string): Promise<number> =>
    (await dataSource.query<{ n: number }[]>(sql, [stream]))[0].n;

  it('writes each event, its rows and its notifications once, however often it is retried', async () => {
    const itemId = `p-${randomUUID()}`;
    const all = events(itemId);
    expect(await recordEvents(dataSource.manager, all)).toBe(3);
    expect(await recordEvents(dataSource.manager, all)).toBe(0);
    expect(await recordEvents(dataSource.manager, [all[1]])).toBe(0);
    const stream = `rectification/${itemId}`;
    expect(await count('SELECT count(*)::int AS n FROM event_log WHERE stream = $1', stream)).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE stream = $1', stream)).toBe(6);
    expect(await dataSource.getRepository(RectificationItemRecord).findOneByOrFail({ itemId })).toMatchObject({
      lastSeq: 3,
      escalationLevel: 'reminder',
      trafficLight: 'red',
    });
  });

  it('never rolls a row back when events arrive out of order', async () => {
    const itemId = `p-${randomUUID()}`;
    const [first, second, third] = events(itemId);
    await recordEvents(dataSource.manager, [first, third]);
    await recordEvents(dataSource.manager, [second]);
    expect(await dataSource.getRepository(RectificationItemRecord).findOneByOrFail({ itemId })).toMatchObject({
      lastSeq: 3,
      escalationLevel: 'reminder',
    });
  });

  it('rebuilds the same read model from the event log alone', async () => {
    const itemId = `p-${randomUUID()}`;
    await recordEvents(dataSource.manager, events(itemId));
    // Other tests write items meanwhile: compare this item's rows only.
    const snapshot = async () => ({
      items: await dataSource.query<{ updated_at: unknown }[]>('SELECT * FROM rectification_item WHERE item_id = $1', [
        itemId,
      ]),
      rounds: await dataSource
        .getRepository(RectificationRoundRecord)
        .find({ where: { itemId }, order: { round: 'ASC' } }),
    });
    const strip = (rows: { updated_at?: unknown }[]) => rows.map(({ updated_at: _, ...rest }) => rest);
    const before = await snapshot();
    await dataSource.query(`UPDATE rectification_item SET status = 'tampered' WHERE item_id = $1`, [itemId]);
    const rebuilt = await rebuildRectificationReadModel(dataSource);
    const after = await snapshot();
    expect(rebuilt.items).toBeGreaterThanOrEqual(1);
    expect(after.items).toHaveLength(1);
    expect(strip(after.items)).toEqual(strip(before.items));
    expect(after.rounds).toEqual(before.rounds);
  });
});
