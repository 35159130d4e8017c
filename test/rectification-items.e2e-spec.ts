import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import { asAdmin, type AuthHeader } from './support/auth';
import { createOrganisation } from './support/organisation';
import { expectBadPagesRefused, expectPagesOfWhole, type PageParams } from './support/paging';
import { testEnv } from './setup/test-env';

/** Rectification items over HTTP, on the real worker, Temporal dev server and PostgreSQL. */
describe('rectification items over HTTP', () => {
  const config = testConfig();
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  const s = randomUUID().slice(0, 8);
  const unit = (name: string) => `${name}-${s}`;
  const itemId = `zz-2024/P-${s}`;
  const path = `/rectification-items/${encodeURIComponent(itemId)}`;

  let connection: Connection;
  let temporal: Client;
  let auth: (personId: string) => AuthHeader;
  const as = (person: string) => auth(unit(person));

  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    temporal = new Client({ connection });
    worker = await startWorker(config);
    api = await startApi(config);
    const units = [
      { id: unit('zz-npc'), name: '郑州市人大常委会', kind: 'congress', level: 'city' },
      { id: unit('zz-social'), name: '社会建设工作委员会', kind: 'committee', level: 'city', parentId: unit('zz-npc') },
      { id: unit('zz-gov'), name: '郑州市人民政府', kind: 'government', level: 'city' },
      { id: unit('civil'), name: '市民政局', kind: 'department', parentId: unit('zz-gov') },
      { id: unit('health'), name: '市卫健委', kind: 'department', parentId: unit('zz-gov') },
      { id: unit('erqi'), name: '二七区', kind: 'district', parentId: unit('zz-gov') },
    ];
    const people = [
      { id: unit('staff'), name: '王干事', unitId: unit('zz-social'), roles: ['committee_staff'] },
      { id: unit('director'), name: '李主任', unitId: unit('zz-social'), roles: ['manager'] },
      { id: unit('handler'), name: '张经办', unitId: unit('civil'), roles: ['department_handler'] },
      { id: unit('co-handler'), name: '赵经办', unitId: unit('health'), roles: ['department_handler'] },
    ];
    auth = await createOrganisation(api, units, people);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await connection?.close();
  });

  const http = () => request(api.getHttpServer());
  const hand = {
    itemId,
    title: '部分养老机构消防设施不达标',
    description: '抽查发现3家养老机构消防通道堵塞',
    location: '二七区',
    source: { campaignId: 'zz-2024-elderly-care', checklistItemId: 'C-12' },
    committeeUnitId: unit('zz-social'),
    leadDepartmentId: unit('civil'),
    coDepartmentIds: [unit('health')],
    districtId: unit('erqi'),
    policy: { acknowledgeWithin: { days: 3, counting: 'working-days' } },
  };
  const act = (action: string, person: string, body: object = {}) =>
    http().post(`${path}/actions/${action}`).set(as(person)).send(body);

  it('refuses a hand-off naming unknown units or a malformed policy, and starts nothing', async () => {
    const unknown = await http()
      .post('/rectification-items')
      .set(as('staff'))
      .send({ ...hand, leadDepartmentId: 'no-such-department' })
      .expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'leadDepartmentId' });
    const malformed = await http()
      .post('/rectification-items')
      .set(as('staff'))
      .send({ ...hand, policy: { acknowledgeWithin: { days: 0, counting: 'working-days' } }, extra: 1 })
      .expect(400);
    expect((malformed.body.error.details as { field: string }[]).map((d: { field: string }) => d.field).sort()).toEqual(
      ['extra', 'policy.acknowledgeWithin.days'],
    );
    await http().get(path).set(as('staff')).expect(404);
  });

  it('hands an item off once and shows it in the read model', async () => {
    const opened = await http().post('/rectification-items').set(as('staff')).send(hand).expect(202);
    expect(opened.body).toEqual({ itemId, workflowId: `rectification/${itemId}` });
    const again = await http().post('/rectification-items').set(as('staff')).send(hand).expect(409);
    expect(again.body.error.code).toBe('ITEM_EXISTS');
    const read = await eventually(() => http().get(path).set(as('handler')).expect(200));
    expect(read.body).toMatchObject({
      status: 'assigned',
      leadDepartmentId: unit('civil'),
      trafficLight: expect.stringMatching(/green|yellow/),
      deadlineStep: 'acknowledge',
      rounds: [{ round: 1, reason: 'hand_off' }],
    });
  });

  it('answers refused actions in the error model, in Chinese and English', async () => {
    const noIdentity = await http().post(`${path}/actions/acknowledge`).send({}).expect(401);
    expect(noIdentity.body.error.code).toBe('AUTH_REQUIRED');
    await act('approve-everything', 'handler').expect(404);
    const smuggled = await act('acknowledge', 'handler', { actor: { roles: ['manager'] } }).expect(400);
    expect(smuggled.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'actor' });
    const wrongRole = await act('acknowledge', 'staff').expect(403);
    expect(wrongRole.body.error).toMatchObject({ code: 'ROLE_NOT_ALLOWED', messageZh: '无权执行此操作' });
    const wrongUnit = await act('acknowledge', 'co-handler').expect(403);
    expect(wrongUnit.body.error.code).toBe('UNIT_NOT_RESPONSIBLE');
    const missing = await act('return', 'handler', {}).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'FIELD_REQUIRED', field: 'reason' });
    const events = await http().get(`${path}/events`).set(as('staff')).expect(200);
    expect(events.body).toEqual({
      total: 1,
      items: [expect.objectContaining({ seq: 1, type: 'item.assigned' })],
      limit: 50,
      offset: 0,
    });
  });

  it('acts once for a retried request with the same idempotency key', async () => {
    const key = `ack-${s}-0001`;
    const first = await act('acknowledge', 'handler', { note: '已签收' }).set('idempotency-key', key).expect(200);
    const retried = await act('acknowledge', 'handler', { note: '已签收' }).set('idempotency-key', key).expect(200);
    expect(first.body.status).toBe('acknowledged');
    expect(retried.body.lastSeq).toBe(first.body.lastSeq);
    const events = await http().get(`${path}/events`).set(as('co-handler')).expect(200);
    expect((events.body.items as { type: string }[]).filter((e) => e.type === 'item.acknowledged')).toHaveLength(1);
    expect(events.body.items[1].actor).toMatchObject({ personId: unit('handler'), roles: ['department_handler'] });
  });

  it('asks open items to recompute provisional deadlines after a calendar edit', async () => {
    const refused = await http().post('/working-day-calendar/changes').set(as('staff')).expect(403);
    expect(refused.body.error.code).toBe('ROLE_NOT_ALLOWED');
    const changed = await http()
      .post('/working-day-calendar/changes')
      .set(await asAdmin(api, 'system_admin'))
      .expect(202);
    expect(changed.body.signalled).toBeGreaterThanOrEqual(1);
    const history = await temporal.workflow.getHandle(`rectification/${itemId}`).fetchHistory();
    expect(
      history.events!.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged'),
    ).toBe(true);
  });

  it('lists items for a co-operating department and by traffic light', async () => {
    const mine = await http()
      .get('/rectification-items')
      .set(as('co-handler'))
      .query({ departmentId: unit('health') })
      .expect(200);
    expect((mine.body.items as { itemId: string }[]).map((i) => i.itemId)).toEqual([itemId]);
    const red = await http()
      .get('/rectification-items')
      .set(as('handler'))
      .query({ departmentId: unit('civil'), trafficLight: 'red' })
      .expect(200);
    expect(red.body.total).toBe(0);
    await http().get('/rectification-items').set(as('staff')).query({ trafficLight: 'purple' }).expect(400);
    // Whose turn it is: the department's while it plans, the committee's once the plan is in.
    const awaiting = async (who: string) =>
      (
        (await http().get('/rectification-items').set(as('staff')).query({ awaiting: who }).expect(200)).body.items as {
          itemId: string;
          deadlineStep: string;
        }[]
      ).map((i) => `${i.itemId} ${i.deadlineStep}`);
    expect([await awaiting('department'), await awaiting('committee')]).toEqual([[`${itemId} plan`], []]);
    await act('submit-plan', 'handler', { summary: '整改方案', measures: ['排查'] }).expect(200);
    expect([await awaiting('department'), await awaiting('committee')]).toEqual([[], [`${itemId} review`]]);
    await http().get('/rectification-items').set(as('staff')).query({ awaiting: 'nobody' }).expect(400);
    const sorted = await http().get('/rectification-items').set(as('staff')).query({ sort: '-assignedAt' }).expect(200);
    expect((sorted.body.items as { itemId: string }[]).map((i) => i.itemId)).toEqual([itemId]);
    await http().get('/rectification-items').set(as('staff')).query({ sort: 'item_id; drop table x' }).expect(400);
  });

  it('sums open items per department and per district for managers, within what each may see', async () => {
    const byDepartment = await http().get('/rectification-items/summary').set(as('director')).expect(200);
    expect(byDepartment.body).toEqual([
      { key: unit('civil'), open: 1, dueSoon: 0, overdue: 0, committeeOverdue: 0, escalated: 0, listedSupervision: 0 },
    ]);
    const byDistrict = await http()
      .get('/rectification-items/summary')
      .query({ by: 'district' })
      .set(as('staff'))
      .expect(200);
    expect(byDistrict.body).toEqual([expect.objectContaining({ key: unit('erqi'), open: 1 })]);
    const coOperating = await http().get('/rectification-items/summary').set(as('co-handler')).expect(200);
    expect(coOperating.body).toEqual([expect.objectContaining({ key: unit('civil'), open: 1 })]);
    await http().get('/rectification-items/summary').query({ by: 'colour' }).set(as('staff')).expect(400);
  });

  it('closes an item as not feasible with leadership approval, after which it refuses actions', async () => {
    const closed = await act('close-not-feasible', 'director', {
      reason: '涉及消防规划调整，短期内不具备整改条件',
      approvalRef: '主任会议纪要〔2024〕5号',
    }).expect(200);
    expect(closed.body.status).toBe('closed_not_feasible');
    await eventually(async () => {
      const refused = await act('submit-plan', 'handler', { summary: '方案', measures: ['整改'] }).expect(409);
      expect(refused.body.error.code).toBe('ITEM_CLOSED');
    });
    expect((await http().get(path).set(as('director')).expect(200)).body.status).toBe('closed_not_feasible');
  });

  it('reads the item’s event log a page at a time, oldest first by seq', async () => {
    const page = (person: string) => (query: PageParams) => http().get(`${path}/events`).set(as(person)).query(query);
    const whole = await eventually(async () => {
      const read = await expectPagesOfWhole<{ seq: number; type: string }>(page('staff'), 2);
      expect(read.items.at(-1)?.type).toBe('item.closed_not_feasible');
      return read;
    });
    const seqs = whole.items.map((e) => e.seq);
    expect(seqs[0]).toBe(1);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1])).toBe(true);
    expect(whole.items.slice(0, 2).map((e) => e.type)).toEqual(['item.assigned', 'item.acknowledged']);
    const last = await http()
      .get(`${path}/events`)
      .set(as('co-handler'))
      .query({ limit: 1, offset: whole.total - 1 })
      .expect(200);
    expect(last.body).toEqual({ total: whole.total, items: [whole.items.at(-1)], limit: 1, offset: whole.total - 1 });
    await expectBadPagesRefused(page('handler'));
    const unknown = await http().get('/rectification-items/zz-2024%2Fno-such-item/events').set(as('staff')).expect(404);
    expect(unknown.body.error.code).toBe('ITEM_NOT_FOUND');
  });
});
