import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import type { AuthHeader } from './support/auth';
import { createOrganisation } from './support/organisation';
import { seedProblemList } from './support/problem-list';

interface Counts {
  total: number;
  open: number;
  overdue: number;
  closed: number;
  reopened: number;
}
interface Node {
  campaignId: string;
  level: string;
  own: Counts;
  rolledUp: Counts;
  linked: Node[];
}

/**
 * Linked supervision (三级联动) end to end: a city campaign launches campaigns in two districts;
 * each hands off its own problem list; counts roll up level by level; the dynamic list, a
 * snapshot of it, and a look-back that reopens an item.
 */
describe('a linked city campaign with two districts', () => {
  const config = testConfig();
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let dataSource: DataSource;
  const s = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${s}`;
  const city = `zz-${s}`;
  const jinshui = `zz-${s}-jinshui`;
  const erqi = `zz-${s}-erqi`;
  const http = () => request(api.getHttpServer());
  let auth: (personId: string) => AuthHeader;
  /** The header of a person of this test, by their short name. */
  const as = (person: string) => auth(id(person));
  const act = (campaignId: string, action: string, person: string, payload: object = {}) =>
    http().post(`/campaigns/${campaignId}/actions/${action}`).set(as(person)).send(payload);
  const itemAct = (itemId: string, action: string, person: string, payload: object = {}) =>
    http()
      .post(`/rectification-items/${encodeURIComponent(itemId)}/actions/${action}`)
      .set(as(person))
      .send(payload)
      .expect(200);
  /** Read as committee staff of the city (its own campaign and the districts' linked below it) unless named. */
  const rollUp = async (campaignId: string, reader = 'city-staff') =>
    (await http().get(`/campaigns/${campaignId}/roll-up`).set(as(reader)).expect(200)).body as {
      tree: Node;
      byLevel: Record<string, Counts>;
    };
  const list = async (campaignId: string, query: Record<string, string> = {}) =>
    (await http().get(`/campaigns/${campaignId}/dynamic-list`).set(as('city-staff')).query(query).expect(200)).body as {
      total: number;
      items: { itemId: string; status: string; trafficLight: string; districtId: string }[];
    };

  beforeAll(async () => {
    worker = await startWorker(config);
    api = await startApi(config);
    dataSource = worker.get(DataSource);
    const units = [
      { id: id('zz-npc'), name: '郑州市人大常委会', kind: 'congress', level: 'city' },
      { id: id('zz-social'), name: '社会建设工作委员会', kind: 'committee', level: 'city', parentId: id('zz-npc') },
      { id: id('zz-gov'), name: '郑州市人民政府', kind: 'government', level: 'city' },
      { id: id('zz-civil'), name: '市民政局', kind: 'department', parentId: id('zz-gov') },
      ...['jinshui', 'erqi'].flatMap((d) => [
        { id: id(`${d}-npc`), name: `${d}区人大常委会`, kind: 'congress', level: 'county' },
        { id: id(`${d}-gov`), name: `${d}区`, kind: 'district', level: 'county', parentId: id('zz-gov') },
        { id: id(`${d}-civil`), name: `${d}区民政局`, kind: 'department', parentId: id(`${d}-gov`) },
      ]),
    ];
    const people = [
      { id: id('city-staff'), name: '王干事', unitId: id('zz-social'), roles: ['committee_staff'] },
      { id: id('jinshui-staff'), name: '金干事', unitId: id('jinshui-npc'), roles: ['committee_staff'] },
      { id: id('erqi-staff'), name: '二干事', unitId: id('erqi-npc'), roles: ['committee_staff'] },
      { id: id('jinshui-handler'), name: '张经办', unitId: id('jinshui-civil'), roles: ['department_handler'] },
      { id: id('erqi-handler'), name: '赵经办', unitId: id('erqi-civil'), roles: ['department_handler'] },
      { id: id('city-handler'), name: '钱经办', unitId: id('zz-civil'), roles: ['department_handler'] },
    ];
    auth = await createOrganisation(api, units, people);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('launches the district campaigns one level down, sharing the city as root', async () => {
    await http()
      .post('/campaigns')
      .set(as('city-staff'))
      .send({
        campaignId: city,
        title: '积极应对人口老龄化 加快发展养老服务',
        level: 'city',
        committeeUnitId: id('zz-social'),
        jurisdictionUnitId: id('zz-gov'),
        legalBasis: '《河南省养老服务条例》',
      })
      .expect(202);
    await eventually(() => http().get(`/campaigns/${city}`).set(as('city-staff')).expect(200));
    const spec = (d: string, campaignId: string) => ({
      campaignId,
      organiser: `${d}区人大常委会`,
      committeeUnitId: id(`${d}-npc`),
      jurisdictionUnitId: id(`${d}-gov`),
    });
    const unknownUnit = await act(city, 'launch-linked', 'city-staff', {
      campaigns: [{ ...spec('jinshui', jinshui), committeeUnitId: 'nowhere' }],
    }).expect(400);
    expect(unknownUnit.body.error.field).toBe('campaigns.0.committeeUnitId');
    await act(city, 'launch-linked', 'city-staff', {
      campaigns: [spec('jinshui', jinshui), spec('erqi', erqi)],
    }).expect(200);
    const read = await eventually(async () => {
      const response = await http().get(`/campaigns/${city}`).set(as('city-staff')).expect(200);
      expect(response.body.linked).toHaveLength(2);
      return response;
    });
    expect(read.body.linked).toEqual([
      expect.objectContaining({ id: erqi, level: 'county', parentCampaignId: city, rootCampaignId: city, depth: 1 }),
      expect.objectContaining({ id: jinshui, level: 'county', parentCampaignId: city, rootCampaignId: city, depth: 1 }),
    ]);
    const countyLaunch = await act(jinshui, 'launch-linked', 'jinshui-staff', {
      campaigns: [spec('erqi', `${jinshui}-x`)],
    }).expect(409);
    expect(countyLaunch.body.error.code).toBe('INVALID_STATE');
  });

  it('hands off each level its own problem list, once however often it runs', async () => {
    for (const [campaignId, person] of [
      [city, 'city-staff'],
      [jinshui, 'jinshui-staff'],
      [erqi, 'erqi-staff'],
    ] as const) {
      await act(campaignId, 'advance-phase', person).expect(200);
    }
    await seedProblemList(dataSource, city, [
      { id: 'P01', title: '全市养老服务设施规划未落实', leadDepartmentId: id('zz-civil') },
      { id: 'P02', title: '社区食堂补贴发放滞后', leadDepartmentId: id('zz-civil') },
    ]);
    await seedProblemList(dataSource, jinshui, [
      { id: 'P01', title: '日间照料中心闲置', leadDepartmentId: id('jinshui-civil'), districtId: id('jinshui-gov') },
      {
        id: 'P02',
        title: '养老机构消防通道堵塞',
        leadDepartmentId: id('jinshui-civil'),
        districtId: id('jinshui-gov'),
        // Handed off already late: an urgent item whose acknowledgement was due an hour ago.
        policy: { acknowledgeWithin: { at: new Date(Date.now() - 3_600_000).toISOString() } },
      },
    ]);
    await seedProblemList(dataSource, erqi, [
      { id: 'P01', title: '助餐点覆盖不足', leadDepartmentId: id('erqi-civil'), districtId: id('erqi-gov') },
    ]);
    for (const [campaignId, person] of [
      [city, 'city-staff'],
      [jinshui, 'jinshui-staff'],
      [erqi, 'erqi-staff'],
    ] as const) {
      await act(campaignId, 'hand-off', person).expect(200);
    }
    await eventually(async () => expect((await list(city)).total).toBe(5), 30_000);

    // A crash between starting an item and marking its finding would leave it listed: running
    // the hand-off again finds the item already there and starts nothing.
    await dataSource.query(`UPDATE finding SET status = 'listed' WHERE id = $1`, [`${city}/P01`]);
    await act(city, 'hand-off', 'city-staff').expect(200);
    await act(city, 'hand-off', 'city-staff').expect(200);
    // Requests that arrive while a hand-off runs fold into it: it goes round once more.
    await eventually(async () => {
      const rows: { type: string; data: { data: { started?: number; existing?: number } } }[] = await dataSource.query(
        `SELECT type, data FROM event_log WHERE stream = $1 AND type LIKE 'campaign.hand_off_%' ORDER BY seq`,
        [`campaign/${city}`],
      );
      expect(rows.filter((r) => r.type === 'campaign.hand_off_requested')).toHaveLength(3);
      const finished = rows.filter((r) => r.type === 'campaign.hand_off_finished').map((r) => r.data.data);
      expect(finished[0]).toEqual({ started: 2, existing: 0 });
      expect(finished.slice(1).reduce((sum, f) => sum + f.started!, 0)).toBe(0);
      expect(finished.slice(1).reduce((sum, f) => sum + f.existing!, 0)).toBe(1);
      expect(
        (await http().get(`/campaigns/${city}/state`).set(as('city-staff')).expect(200)).body.handOff.running,
      ).toBe(false);
    }, 30_000);
    const items: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM rectification_item WHERE root_campaign_id = $1`,
      [city],
    );
    expect(items[0].n).toBe(5);
    expect((await http().get(`/campaigns/${city}`).set(as('city-staff')).expect(200)).body.handedOff).toBe(3);
  });

  it('rolls counts up level by level, and lists overdue items first', async () => {
    const { tree, byLevel } = await eventually(async () => {
      const r = await rollUp(city);
      expect(r.tree.rolledUp.overdue).toBe(1);
      return r;
    });
    expect(tree.own.total).toBe(2);
    expect(tree.rolledUp).toMatchObject({ total: 5, open: 5, overdue: 1 });
    expect(tree.linked.map((n) => [n.campaignId, n.own.total, n.rolledUp.total])).toEqual([
      [erqi, 1, 1],
      [jinshui, 2, 2],
    ]);
    expect(byLevel).toMatchObject({ city: { total: 2 }, county: { total: 3, overdue: 1 } });
    expect((await rollUp(jinshui)).tree).toMatchObject({ campaignId: jinshui, own: { total: 2 }, linked: [] });
    // A district reads its own campaign's counts, not those of the city campaign above it.
    expect((await rollUp(jinshui, 'jinshui-staff')).tree).toMatchObject({ campaignId: jinshui, own: { total: 2 } });
    await http().get(`/campaigns/${city}/roll-up`).set(as('jinshui-staff')).expect(404);

    const all = await list(city);
    expect(all.items[0]).toMatchObject({ itemId: `${jinshui}/P02`, trafficLight: 'red' });
    expect((await list(city, { level: 'county' })).total).toBe(3);
    expect((await list(city, { districtId: id('erqi-gov') })).items.map((i) => i.itemId)).toEqual([`${erqi}/P01`]);
    expect((await list(city, { includeLinked: 'false' })).total).toBe(2);
    expect((await list(jinshui)).total).toBe(2);
    // Every list answers in the same shape; the dynamic list may skip its count.
    expect(await list(city, { limit: '1' })).toMatchObject({ total: 5, limit: 1, offset: 0 });
    const uncounted = await list(city, { withTotal: 'false', offset: '1' });
    expect(uncounted).toMatchObject({ total: null, limit: 50, offset: 1 });
    expect(uncounted.items).toHaveLength(4);

    // The managers' summary of a campaign covers its tree, as its dynamic list does.
    const summary = async (query: Record<string, string>, reader = 'city-staff') =>
      (await http().get('/rectification-items/summary').set(as(reader)).query(query).expect(200)).body as {
        key: string;
        open: number;
        overdue: number;
      }[];
    const whole = await summary({ campaignId: city });
    expect(whole.map((r) => [r.key, r.open, r.overdue])).toEqual([
      [id('jinshui-civil'), 2, 1],
      [id('zz-civil'), 2, 0],
      [id('erqi-civil'), 1, 0],
    ]);
    expect((await summary({ campaignId: city, includeLinked: 'false' })).map((r) => [r.key, r.open])).toEqual([
      [id('zz-civil'), 2],
    ]);
    expect((await summary({ campaignId: city, by: 'district' })).reduce((n, r) => n + r.open, 0)).toBe(5);
    // A district's staff read their own campaign's summary; the city's is none of their business.
    expect((await summary({ campaignId: jinshui }, 'jinshui-staff')).map((r) => r.open)).toEqual([2]);
    await http().get('/rectification-items/summary').set(as('jinshui-staff')).query({ campaignId: city }).expect(404);
  });

  it('keeps a snapshot as it was when the items move on', async () => {
    const taken = await http()
      .post(`/campaigns/${city}/snapshots`)
      .set(as('city-staff'))
      .send({ label: '常委会会议前动态清单', level: 'county' })
      .expect(201);
    expect(taken.body.rowCount).toBe(3);
    await itemAct(`${erqi}/P01`, 'acknowledge', 'erqi-handler');
    const snapshot = await http().get(`/list-snapshots/${taken.body.snapshotId}`).set(as('city-staff')).expect(200);
    expect(snapshot.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    const frozen = (snapshot.body.items as { itemId: string; status: string }[]).find(
      (r) => r.itemId === `${erqi}/P01`,
    );
    expect(frozen?.status).toBe('assigned');
    const live = (await list(city)).items.find((i) => i.itemId === `${erqi}/P01`);
    expect(live?.status).toBe('acknowledged');
  });

  it('re-inspects closed items at look-back and reopens a relapse, which rolls up', async () => {
    const itemId = `${erqi}/P01`;
    await itemAct(itemId, 'submit-plan', 'erqi-handler', { summary: '新增助餐点', measures: ['选址', '招标'] });
    await itemAct(itemId, 'review-plan', 'erqi-staff', { decision: 'approve' });
    await itemAct(itemId, 'submit-completion', 'erqi-handler', {
      summary: '新建助餐点3处',
      evidence: [{ name: '验收照片', uri: 'https://files.example.gov.cn/erqi-p01.jpg' }],
    });
    await itemAct(itemId, 'verify-completion', 'erqi-staff', { decision: 'accept' });
    await eventually(async () => expect((await rollUp(city)).tree.rolledUp.closed).toBe(1));

    for (let i = 0; i < 3; i += 1) await act(erqi, 'advance-phase', 'erqi-staff').expect(200);
    expect((await http().get(`/campaigns/${erqi}`).set(as('erqi-staff')).expect(200)).body.phase).toBe('look_back');
    const selected = await act(erqi, 'start-look-back', 'erqi-staff').expect(200);
    expect(selected.body.phase).toBe('look_back');
    const selection = await http().get(`/campaigns/${erqi}/look-back`).set(as('erqi-staff')).expect(200);
    expect((selection.body.items as { itemId: string }[]).map((x) => x.itemId)).toEqual([itemId]);
    expect(selection.body.total).toBe(1);
    await http()
      .post(`/campaigns/${erqi}/look-back/${encodeURIComponent(`${jinshui}/P01`)}`)
      .set(as('erqi-staff'))
      .send({ outcome: 'confirmed', findings: '不在本次回头看范围' })
      .expect(404);
    const reopened = await http()
      .post(`/campaigns/${erqi}/look-back/${encodeURIComponent(itemId)}`)
      .set(as('erqi-staff'))
      .send({ outcome: 'relapsed', findings: '助餐点停止运营' })
      .expect(200);
    expect(reopened.body).toMatchObject({ status: 'acknowledged', round: 2 });
    await eventually(async () => {
      const { tree, byLevel } = await rollUp(city);
      expect(tree.rolledUp).toMatchObject({ total: 5, closed: 0, reopened: 1 });
      expect(byLevel.county).toMatchObject({ reopened: 1 });
    });
  });
  it('takes the city campaign itself through its look-back to its report and closes it', async () => {
    const itemId = `${city}/P02`;
    await itemAct(itemId, 'acknowledge', 'city-handler');
    await itemAct(itemId, 'submit-plan', 'city-handler', { summary: '按月足额发放补贴', measures: ['清理积欠'] });
    await itemAct(itemId, 'review-plan', 'city-staff', { decision: 'approve' });
    await itemAct(itemId, 'submit-completion', 'city-handler', {
      summary: '补贴已发放到位',
      evidence: [{ name: '发放清单', uri: 'https://files.example.gov.cn/zz-p02.pdf' }],
    });
    await itemAct(itemId, 'verify-completion', 'city-staff', { decision: 'accept' });
    for (let i = 0; i < 3; i += 1) await act(city, 'advance-phase', 'city-staff').expect(200);
    await eventually(async () =>
      expect((await http().get(`/campaigns/${city}`).set(as('city-staff')).expect(200)).body.phase).toBe('look_back'),
    );
    await act(city, 'start-look-back', 'city-staff', { sample: 1 }).expect(200);
    const selection = (await http().get(`/campaigns/${city}/look-back`).set(as('city-staff')).expect(200)).body
      .items as {
      itemId: string;
    }[];
    expect(selection.map((x) => x.itemId)).toEqual([itemId]);
    // Recorded on the item itself: the campaign's look-back list shows it too, one outcome
    // whichever route records it.
    await itemAct(itemId, 'record-look-back', 'city-staff', { outcome: 'confirmed', findings: '补贴按月发放，未反弹' });
    const recorded = await http().get(`/campaigns/${city}/look-back`).set(as('city-staff')).expect(200);
    expect(recorded.body.items).toEqual([
      expect.objectContaining({
        itemId,
        status: 'confirmed',
        outcome: 'confirmed',
        findings: '补贴按月发放，未反弹',
        recordedBy: id('city-staff'),
      }),
    ]);
    expect(
      (await http().get(`/campaigns/${city}/look-back`).query({ outcome: 'pending' }).set(as('city-staff')).expect(200))
        .body.total,
    ).toBe(0);
    const again = await http()
      .post(`/campaigns/${city}/look-back/${encodeURIComponent(itemId)}`)
      .set(as('city-staff'))
      .send({ outcome: 'relapsed', findings: '重复记录' })
      .expect(409);
    expect(again.body.error).toMatchObject({
      code: 'LOOK_BACK_RECORDED',
      messageZh: expect.stringContaining('已记录'),
    });
    await act(city, 'advance-phase', 'city-staff').expect(200);
    const closed = await act(city, 'close', 'city-staff', { reason: '执法检查报告已提请常委会审议' }).expect(200);
    expect(closed.body.phase).toBe('closed');
    await eventually(async () => {
      const { tree, byLevel } = await rollUp(city);
      expect(tree.own).toMatchObject({ total: 2, confirmed: 1 });
      expect(tree.rolledUp).toMatchObject({ total: 5, confirmed: 1, reopened: 1 });
      expect(byLevel.city).toMatchObject({ confirmed: 1 });
    });
    // A closed campaign is the record of what happened: its inspection records no longer change.
    await eventually(async () =>
      expect((await http().get(`/campaigns/${city}`).set(as('city-staff')).expect(200)).body.phase).toBe('closed'),
    );
    const activities = async () =>
      (await http().get(`/campaigns/${city}/activities`).set(as('city-staff')).expect(200)).body.total as number;
    const before = await activities();
    const late = await http()
      .post(`/campaigns/${city}/activities`)
      .set(as('city-staff'))
      .send({ kind: 'onsite_report', title: '市民政局补充汇报', unitId: id('zz-civil') })
      .expect(409);
    expect(late.body.error).toMatchObject({ code: 'CAMPAIGN_CLOSED', messageZh: expect.stringContaining('已结束') });
    expect(await activities()).toBe(before);
    // The districts run on: their campaigns are their own.
    expect((await http().get(`/campaigns/${erqi}`).set(as('city-staff')).expect(200)).body.phase).toBe('look_back');
  });
});
