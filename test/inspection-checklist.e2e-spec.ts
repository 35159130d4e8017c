import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startApi, startWorker, testConfig } from './support/apps';
import { asAdmin } from './support/auth';
import { createCampaignCast, launchCampaign, type CampaignCast } from './support/campaigns';
import { eventually } from './support/eventually';
import { expectBadPagesRefused, expectPagesOfWhole, type PageParams } from './support/paging';

/** The inspection side of a campaign over HTTP: checklist, groups, activities, questionnaires. */
describe('inspection: checklist, groups, activities and questionnaires', () => {
  const config = testConfig();
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let c: CampaignCast;
  let campaignId: string;

  beforeAll(async () => {
    worker = await startWorker(config);
    api = await startApi(config);
    c = await createCampaignCast(api);
    campaignId = await launchCampaign(api, {
      committeeUnitId: c.committee,
      jurisdictionUnitId: c.government,
      launchedBy: c.staff,
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  const http = () => request(api.getHttpServer());
  /** A read as this person. */
  const get = (path: string, person: string = c.staff) => http().get(path).set(c.auth(person));
  const fields = (body: { error: { details?: { field: string }[] } }) =>
    (body.error.details ?? []).map((d) => d.field).sort();
  /** A page of a list as this person. */
  const page =
    (path: string, person: string = c.staff) =>
    (query: PageParams) =>
      get(path, person).query(query);
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

  const checklist = {
    focalPoints: [
      {
        focalPointNo: 1,
        focalPoint: '养老服务设施规划建设',
        items: [
          { itemNo: 1, content: '新建住宅小区按标准配建养老服务设施情况' },
          { itemNo: 2, content: '老旧小区通过购置、置换、租赁等方式补足养老服务设施情况' },
        ],
      },
      { focalPointNo: 3, focalPoint: '医养结合', items: [{ itemNo: 7, content: '养老机构与医疗机构签约合作情况' }] },
    ],
  };
  /** The first group, as formed (and as put back after its members are changed). */
  const firstGroup = () => ({
    name: '第一专题调研组',
    kind: 'research',
    memberIds: [c.staff, c.inspector],
    deputyNames: ['李代表', '孙代表'],
    districtIds: [c.jinshui, c.erqi],
  });
  const put = (path: string, person: string | null, body: object) => {
    const req = http().put(path).send(body);
    return person ? req.set(c.auth(person)) : req;
  };
  const post = (path: string, person: string | null, body: object) => {
    const req = http().post(path).send(body);
    return person ? req.set(c.auth(person)) : req;
  };

  describe('checklist', () => {
    it('is written by committee staff of the campaign and refused to anyone else', async () => {
      const path = `/campaigns/${campaignId}/checklist`;
      expect((await put(path, null, checklist).expect(401)).body.error.code).toBe('AUTH_REQUIRED');
      const forged = await http()
        .put(path)
        .set({ Authorization: 'Bearer not-a-token-anyone-was-given' })
        .send(checklist)
        .expect(401);
      expect(forged.body.error.code).toBe('TOKEN_INVALID');
      const admin = await http()
        .put(path)
        .set(await asAdmin(api, 'system_admin'))
        .send(checklist)
        .expect(403);
      expect(admin.body.error.code).toBe('ROLE_NOT_ALLOWED');
      // A department of the supervised government does not see the campaign's inspection records at all.
      expect((await put(path, c.handler, checklist).expect(404)).body.error.code).toBe('CAMPAIGN_NOT_FOUND');
      const inspector = await put(path, c.inspector, checklist).expect(403);
      expect(inspector.body.error).toMatchObject({ code: 'ROLE_NOT_ALLOWED', messageZh: '无权执行此操作' });
      expect((await put(path, c.otherStaff, checklist).expect(403)).body.error.code).toBe('ROLE_NOT_ALLOWED');
      const unknown = await put('/campaigns/no-such-campaign/checklist', c.staff, checklist).expect(404);
      expect(unknown.body.error.code).toBe('CAMPAIGN_NOT_FOUND');

      const written = await put(path, c.staff, checklist).expect(200);
      expect(written.body.ownerCampaignId).toBe(campaignId);
      expect(
        (written.body.focalPoints as { items: { id: string }[] }[]).flatMap((p) => p.items.map((i) => i.id)),
      ).toEqual([`${campaignId}/FP01-01`, `${campaignId}/FP01-02`, `${campaignId}/FP03-07`]);
      const read = await get(path).expect(200);
      const writtenList = written.body as {
        focalPoints: { focalPointNo: number; focalPoint: string; items: { id: string }[] }[];
      };
      expect(read.body).toEqual({
        total: 3,
        items: writtenList.focalPoints.flatMap(({ focalPointNo, focalPoint, items }) =>
          items.map((item) => ({ ...item, ownerCampaignId: campaignId, focalPointNo, focalPoint })),
        ),
        limit: 50,
        offset: 0,
      });
      expect(read.body.items[2]).toEqual({
        id: `${campaignId}/FP03-07`,
        ownerCampaignId: campaignId,
        focalPointNo: 3,
        focalPoint: '医养结合',
        itemNo: 7,
        content: '养老机构与医疗机构签约合作情况',
        groupId: null,
      });
    });

    it('is read a page at a time, by focal point and item number', async () => {
      const path = `/campaigns/${campaignId}/checklist`;
      const whole = await expectPagesOfWhole<{ id: string }>(page(path), 2);
      expect(ids(whole)).toEqual([`${campaignId}/FP01-01`, `${campaignId}/FP01-02`, `${campaignId}/FP03-07`]);
      expect((await get(path).expect(200)).body).toEqual({ ...whole, limit: 50 });
      await expectBadPagesRefused(page(path));
      const unknown = await get(path).query({ limit: 1, sort: 'content' }).expect(400);
      expect(unknown.body.error.field).toBe('sort');
      // Who may not see the campaign learns nothing from a malformed page either.
      const hidden = await get(path, c.handler).query({ limit: 0 }).expect(404);
      expect(hidden.body.error.code).toBe('CAMPAIGN_NOT_FOUND');
    });

    it('refuses malformed lists field by field and keeps the list as it was', async () => {
      const path = `/campaigns/${campaignId}/checklist`;
      const bad = await put(path, c.staff, {
        focalPoints: [
          { focalPointNo: 1, focalPoint: '设施', items: [{ itemNo: 0, content: '' }], extra: true },
          { focalPointNo: 2, focalPoint: '', items: [] },
        ],
      }).expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect([...new Set(fields(bad.body))]).toEqual([
        'focalPoints.0.extra',
        'focalPoints.0.items.0.content',
        'focalPoints.0.items.0.itemNo',
        'focalPoints.1.focalPoint',
        'focalPoints.1.items',
      ]);
      const duplicate = await put(path, c.staff, {
        focalPoints: [
          {
            focalPointNo: 1,
            focalPoint: '设施',
            items: [
              { itemNo: 1, content: 'a' },
              { itemNo: 1, content: 'b' },
            ],
          },
          { focalPointNo: 1, focalPoint: '设施', items: [{ itemNo: 2, content: 'c', groupId: 'G-99' }] },
        ],
      }).expect(400);
      expect(fields(duplicate.body)).toEqual([
        'focalPoints.0.items.1.itemNo',
        'focalPoints.1.focalPointNo',
        'focalPoints.1.items.0.groupId',
      ]);
      const read = await get(path).expect(200);
      expect(read.body.total).toBe(3);
    });

    it('is shared by linked campaigns, which read their root campaign’s list and cannot write one', async () => {
      const county = await launchCampaign(api, {
        committeeUnitId: c.committee,
        jurisdictionUnitId: c.jinshui,
        launchedBy: c.staff,
        parent: { campaignId },
      });
      const read = await get(`/campaigns/${county}/checklist`).expect(200);
      const root = await get(`/campaigns/${campaignId}/checklist`).expect(200);
      expect(read.body).toEqual(root.body);
      expect(read.body.items[0].ownerCampaignId).toBe(campaignId);
      expect((await get(`/campaigns/${county}/checklist`).query({ limit: 1, offset: 2 }).expect(200)).body).toEqual({
        total: 3,
        items: [root.body.items[2]],
        limit: 1,
        offset: 2,
      });
      const refused = await put(`/campaigns/${county}/checklist`, c.staff, checklist).expect(409);
      expect(refused.body.error.code).toBe('CHECKLIST_INHERITED');
    });
  });

  describe('inspection groups', () => {
    let groupId: string;

    it('are formed by committee staff with members, deputies and districts', async () => {
      const path = `/campaigns/${campaignId}/groups`;
      const group = firstGroup();
      await post(path, c.inspector, group).expect(403);
      const wrong = await post(path, c.staff, {
        ...group,
        memberIds: [c.inspector, 'nobody'],
        districtIds: [c.jinshui, c.civil],
      }).expect(400);
      expect(wrong.body.error.details).toEqual([
        expect.objectContaining({ field: 'memberIds.1', code: 'UNKNOWN_PERSON' }),
      ]);
      const kind = await post(path, c.staff, { ...group, districtIds: [c.jinshui, c.civil] }).expect(400);
      expect(kind.body.error.details).toEqual([
        expect.objectContaining({ field: 'districtIds.1', code: 'WRONG_UNIT_KIND' }),
      ]);
      await post(path, c.staff, { ...group, kind: 'party', leader: 'x' }).expect(400);

      const created = await post(path, c.staff, group).expect(201);
      groupId = created.body.id as string;
      expect(created.body).toMatchObject({ ...group, id: `${campaignId}/G-01`, campaignId, checklistItems: [] });
      const second = await post(path, c.staff, { name: '执法检查组', kind: 'law_enforcement' }).expect(201);
      expect(second.body.id).toBe(`${campaignId}/G-02`);
      const list = await get(path).expect(200);
      expect(list.body).toMatchObject({ total: 2 });
      expect(ids(list.body)).toEqual([groupId, second.body.id]);
      const secondPage = await get(path).query({ limit: 1, offset: 1 }).expect(200);
      expect(secondPage.body).toEqual({ total: 2, items: [list.body.items[1]], limit: 1, offset: 1 });
      await expectBadPagesRefused(page(path));
      await get(`${path}/G-09`).expect(404);
    });

    it('own the checklist items assigned to them', async () => {
      const path = `/campaigns/${campaignId}/groups/${encodeURIComponent(groupId)}/checklist-items`;
      const unknown = await put(path, c.staff, { itemIds: ['FP01-01', 'FP09-09'] }).expect(400);
      expect(unknown.body.error.details).toEqual([
        expect.objectContaining({ field: 'itemIds.1', code: 'UNKNOWN_CHECKLIST_ITEM' }),
      ]);
      await put(path, c.inspector, { itemIds: ['FP01-01'] }).expect(403);
      // Local and full ids name the same item.
      const assigned = await put(path, c.staff, { itemIds: ['FP01-01', `${campaignId}/FP03-07`] }).expect(200);
      expect((assigned.body.checklistItems as { id: string }[]).map((i) => i.id)).toEqual([
        `${campaignId}/FP01-01`,
        `${campaignId}/FP03-07`,
      ]);
      const read = await get(`/campaigns/${campaignId}/checklist`).expect(200);
      const groups = (read.body.items as { groupId: string | null }[]).map((i) => i.groupId);
      expect(groups).toEqual([groupId, null, groupId]);

      const narrowed = await put(`/campaigns/${campaignId}/groups/G-01/checklist-items`, c.staff, {
        itemIds: ['FP03-07'],
      }).expect(200);
      expect((narrowed.body.checklistItems as { id: string }[]).map((i) => i.id)).toEqual([`${campaignId}/FP03-07`]);
    });

    it('have their fields replaced as a whole by committee staff, the same body twice as once', async () => {
      const path = `/campaigns/${campaignId}/groups/G-02`;
      const before = (await get(path).expect(200)).body as Record<string, unknown>;
      const replaced = {
        name: '第二执法检查组',
        kind: 'law_enforcement',
        memberIds: [c.inspector, c.outsideInspector, c.inspector],
        deputyNames: ['赵代表'],
        districtIds: [c.erqi, c.jinshui],
      };

      // Refused: callers other than the campaign's committee staff (administrators too: see the
      // access matrix), unknown people and units, malformed bodies, a group that is not there.
      // None of them changes the group.
      expect((await put(path, null, replaced).expect(401)).body.error.code).toBe('AUTH_REQUIRED');
      for (const outsider of [c.inspector, c.otherStaff]) {
        expect((await put(path, outsider, replaced).expect(403)).body.error.code).toBe('ROLE_NOT_ALLOWED');
      }
      expect((await put(path, c.handler, replaced).expect(404)).body.error.code).toBe('CAMPAIGN_NOT_FOUND');
      const person = await put(path, c.staff, { ...replaced, memberIds: [c.inspector, 'nobody'] }).expect(400);
      expect(person.body.error.details).toEqual([
        expect.objectContaining({ field: 'memberIds.1', code: 'UNKNOWN_PERSON' }),
      ]);
      const units = await put(path, c.staff, { ...replaced, districtIds: ['no-such-district', c.civil] }).expect(400);
      expect(units.body.error.details).toEqual([
        expect.objectContaining({ field: 'districtIds.0', code: 'UNKNOWN_UNIT' }),
        expect.objectContaining({ field: 'districtIds.1', code: 'WRONG_UNIT_KIND' }),
      ]);
      const malformed = await put(path, c.staff, { memberIds: ['has space'], id: 'G-07' }).expect(400);
      expect([...new Set(fields(malformed.body))]).toEqual(['id', 'kind', 'memberIds', 'name']);
      const unknown = await put(`/campaigns/${campaignId}/groups/G-09`, c.staff, replaced).expect(404);
      expect(unknown.body.error.code).toBe('GROUP_NOT_FOUND');
      await put(`/campaigns/no-such-campaign/groups/G-02`, c.staff, replaced).expect(404);
      expect((await get(path).expect(200)).body).toEqual(before);

      // Members and districts each once, in the order given; what is left out of the body is emptied.
      const written = await put(path, c.staff, replaced).expect(200);
      expect(written.body).toEqual({
        ...before,
        ...replaced,
        memberIds: [c.inspector, c.outsideInspector],
        districtIds: [c.erqi, c.jinshui],
      });
      expect((await get(path).expect(200)).body).toEqual(written.body);
      // The same body again, by the group's full id this time, leaves it as it was.
      const again = await put(
        `/campaigns/${campaignId}/groups/${encodeURIComponent(`${campaignId}/G-02`)}`,
        c.staff,
        replaced,
      ).expect(200);
      expect(again.body).toEqual(written.body);
      const emptied = await put(path, c.staff, { name: '执法检查组', kind: 'law_enforcement' }).expect(200);
      expect(emptied.body).toEqual(before);
    });

    it('of a closed campaign cannot be changed', async () => {
      const closing = await launchCampaign(api, {
        committeeUnitId: c.committee,
        jurisdictionUnitId: c.government,
        launchedBy: c.staff,
      });
      const act = (action: string, body: object = {}) =>
        post(`/campaigns/${closing}/actions/${action}`, c.staff, body).expect(200);
      await post(`/campaigns/${closing}/groups`, c.staff, { name: '调研组', kind: 'research' }).expect(201);
      for (let i = 0; i < 5; i += 1) await act('advance-phase');
      await act('close', { reason: '调研报告已提请常委会审议' });
      await eventually(async () => expect((await get(`/campaigns/${closing}`).expect(200)).body.phase).toBe('closed'));
      const refused = await put(`/campaigns/${closing}/groups/G-01`, c.staff, firstGroup()).expect(409);
      expect(refused.body.error.code).toBe('CAMPAIGN_CLOSED');
      expect((await get(`/campaigns/${closing}/groups/G-01`).expect(200)).body).toMatchObject({
        name: '调研组',
        memberIds: [],
      });
    });

    it('keep a replaced list’s assignments only as the new list gives them', async () => {
      const replaced = await put(`/campaigns/${campaignId}/checklist`, c.staff, {
        focalPoints: [
          {
            focalPointNo: 1,
            focalPoint: '养老服务设施规划建设',
            items: [{ itemNo: 1, content: '新建住宅小区配建养老服务设施情况', groupId: 'G-01' }],
          },
          checklist.focalPoints[1],
        ],
      }).expect(200);
      expect(
        (replaced.body.focalPoints as { items: { id: string; groupId: string | null }[] }[]).flatMap((p) => p.items),
      ).toEqual([
        expect.objectContaining({ id: `${campaignId}/FP01-01`, groupId, content: '新建住宅小区配建养老服务设施情况' }),
        expect.objectContaining({ id: `${campaignId}/FP03-07`, groupId: null }),
      ]);
    });
  });

  describe('inspection activities', () => {
    let visitId: string;
    const path = () => `/campaigns/${campaignId}/activities`;

    it('are recorded for every kind, each with what its kind needs', async () => {
      const report = await post(path(), c.staff, {
        kind: 'written_report',
        title: '市民政局书面汇报',
        unitId: c.civil,
        occurredOn: '2024-05-20',
      }).expect(201);
      expect(report.body).toMatchObject({ id: `${campaignId}/A-001`, kind: 'written_report', unitId: c.civil });
      for (const kind of ['onsite_report', 'site_visit', 'spot_check', 'questionnaire']) {
        await post(path(), c.staff, {
          kind,
          title: `活动 ${kind}`,
          ...(kind === 'onsite_report' ? { unitId: c.health } : {}),
          districtId: c.jinshui,
        }).expect(201);
      }
      const visit = await post(path(), c.inspector, {
        kind: 'unannounced_visit',
        title: '暗访社区日间照料中心',
        groupId: 'G-01',
        districtId: c.erqi,
        location: '二七区某街道日间照料中心',
        notes: '中心大门紧锁，无人值守',
        occurredOn: '2024-06-03',
      }).expect(201);
      visitId = visit.body.id as string;
      expect(visit.body).toMatchObject({ groupId: `${campaignId}/G-01`, location: '二七区某街道日间照料中心' });
    });

    it('refuse what is incomplete, unknown or not the recorder’s to record', async () => {
      const noUnit = await post(path(), c.staff, { kind: 'written_report', title: '汇报' }).expect(400);
      expect(noUnit.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'unitId' });
      const noGroup = await post(path(), c.staff, { kind: 'unannounced_visit', title: '暗访' }).expect(400);
      expect(noGroup.body.error.field).toBe('groupId');
      const badGroup = await post(path(), c.staff, { kind: 'site_visit', title: '走访', groupId: 'G-77' }).expect(400);
      expect(badGroup.body.error.details[0]).toMatchObject({ field: 'groupId', code: 'UNKNOWN_GROUP' });
      const bad = await post(path(), c.staff, { kind: 'party', title: '', occurredOn: '2024-13-01', x: 1 }).expect(400);
      expect([...new Set(fields(bad.body))]).toEqual(['kind', 'occurredOn', 'title', 'x']);
      const visit = { kind: 'unannounced_visit', title: '暗访', groupId: 'G-01' };
      await post(path(), c.outsideInspector, visit).expect(403);
      const handler = await post(path(), c.handler, { kind: 'site_visit', title: '走访' }).expect(404);
      expect(handler.body.error.code).toBe('CAMPAIGN_NOT_FOUND');
      await post(path(), c.inspector, { kind: 'site_visit', title: '无组走访' }).expect(403);
      await post('/campaigns/no-such-campaign/activities', c.staff, visit).expect(404);
      await get(`${path()}/A-999`).expect(404);
    });

    it('are listed by kind and group, a page at a time, by id', async () => {
      const visits = await get(path(), c.inspector).query({ kind: 'site_visit' }).expect(200);
      expect(visits.body.total).toBe(1);
      expect((visits.body.items as { kind: string }[]).map((a) => a.kind)).toEqual(['site_visit']);
      const all = await expectPagesOfWhole<{ id: string }>(page(path()), 4);
      expect(all.total).toBe(6);
      expect(ids(all)).toEqual(['001', '002', '003', '004', '005', '006'].map((n) => `${campaignId}/A-${n}`));
      const ofGroup = await get(path()).query({ groupId: 'G-01', limit: 1 }).expect(200);
      expect(ofGroup.body).toEqual({ total: 1, items: [all.items[5]], limit: 1, offset: 0 });
      const filtered = await get(path()).query({ kind: 'spot_check', limit: 5, offset: 1 }).expect(200);
      expect(filtered.body).toEqual({ total: 1, items: [], limit: 5, offset: 1 });
      await get(path()).query({ kind: 'party' }).expect(400);
      await expectBadPagesRefused(page(path()));
    });

    it('show where an unannounced visit went only to its group and the committee staff', async () => {
      const one = (viewer: string) => get(`${path()}/${encodeURIComponent(visitId)}`, viewer).expect(200);
      for (const insider of [c.inspector, c.staff]) {
        expect((await one(insider)).body).toMatchObject({
          location: '二七区某街道日间照料中心',
          notes: '中心大门紧锁，无人值守',
          redacted: false,
        });
      }
      for (const outsider of [c.outsideInspector, c.otherStaff]) {
        expect((await one(outsider)).body).toMatchObject({ location: null, notes: null, redacted: true });
      }
      // Outside the campaign's congress nothing of the visit shows: not to the supervised
      // government's departments, not without signing in.
      await get(`${path()}/${encodeURIComponent(visitId)}`, c.handler).expect(404);
      await http()
        .get(`${path()}/${encodeURIComponent(visitId)}`)
        .expect(401);
      const listed = await get(path(), c.outsideInspector).expect(200);
      const byKind = new Map(
        (listed.body.items as { kind: string; redacted: boolean }[]).map((a) => [a.kind, a.redacted]),
      );
      expect(byKind.get('unannounced_visit')).toBe(true);
      expect(byKind.get('site_visit')).toBe(false);
      // Redacted page by page, too: the visit alone on its page.
      const visitPage = await get(path(), c.outsideInspector).query({ limit: 1, offset: 5 }).expect(200);
      expect(visitPage.body.items).toEqual([
        expect.objectContaining({ id: visitId, location: null, notes: null, redacted: true }),
      ]);
      const insiderPage = await get(path(), c.inspector).query({ kind: 'unannounced_visit', limit: 1 }).expect(200);
      expect(insiderPage.body.items).toEqual([
        expect.objectContaining({ id: visitId, location: '二七区某街道日间照料中心', redacted: false }),
      ]);
    });
  });

  describe('a group whose members change', () => {
    const group = () => `/campaigns/${campaignId}/groups/G-01`;
    const visit = (viewer: string) =>
      get(`/campaigns/${campaignId}/activities/A-006`, viewer)
        .expect(200)
        .then((r) => r.body as { kind: string; location: string | null; redacted: boolean });

    it('lets only its members of the day see where its unannounced visit went and record for it', async () => {
      expect(await visit(c.inspector)).toMatchObject({ kind: 'unannounced_visit', redacted: false });
      const changed = await put(group(), c.staff, { ...firstGroup(), memberIds: [c.staff, c.outsideInspector] }).expect(
        200,
      );
      expect(changed.body.memberIds).toEqual([c.staff, c.outsideInspector]);
      // Its checklist items stay with it.
      expect((changed.body.checklistItems as { id: string }[]).map((i) => i.id)).toEqual([`${campaignId}/FP01-01`]);
      // The member left out no longer sees where the visit went, nor records for the group; the one added sees it.
      expect(await visit(c.inspector)).toMatchObject({ location: null, redacted: true });
      expect(await visit(c.outsideInspector)).toMatchObject({ location: '二七区某街道日间照料中心', redacted: false });
      await post(`/campaigns/${campaignId}/activities`, c.inspector, {
        kind: 'site_visit',
        title: '走访',
        groupId: 'G-01',
      }).expect(403);

      const restored = await put(group(), c.staff, firstGroup()).expect(200);
      expect(restored.body).toMatchObject(firstGroup());
      expect(await visit(c.inspector)).toMatchObject({ location: '二七区某街道日间照料中心', redacted: false });
      expect(await visit(c.outsideInspector)).toMatchObject({ location: null, redacted: true });
    });
  });

  describe('questionnaire answers', () => {
    const questions = [
      '您对所在社区提供的居家养老服务总体是否满意？',
      '您或家人是否使用过社区老年助餐服务？',
      '您最希望社区增加哪一类养老服务？',
    ];
    const options = [
      ['非常满意', '比较满意', '一般', '不满意'],
      ['经常使用', '偶尔使用', '从未使用'],
      ['助餐', '助医', '助浴', '日间照料', '上门探访'],
    ];
    const respondents = 4_000;
    // Deterministic but uneven answers: respondent r gives option (r * (q + 3) + q) mod n.
    const answers = Array.from({ length: respondents }, (_, r) =>
      questions.map((question, q) => ({ question, answer: options[q][(r * (q + 3) + q) % options[q].length] })),
    ).flat();
    const expected = new Map<string, number>();
    for (const a of answers)
      expected.set(`${a.question}\u0000${a.answer}`, (expected.get(`${a.question}\u0000${a.answer}`) ?? 0) + 1);

    let questionnaire: string;
    const answersPath = () => `/campaigns/${campaignId}/activities/${encodeURIComponent(questionnaire)}/answers`;

    beforeAll(async () => {
      const created = await post(`/campaigns/${campaignId}/activities`, c.staff, {
        kind: 'questionnaire',
        title: '养老服务满意度网上问卷',
        groupId: 'G-01',
      }).expect(201);
      questionnaire = created.body.id as string;
    });

    it('counts a batch of 12,000 answers (over 1 MB) once, however often it is sent', async () => {
      const batch = { batchKey: 'export-2024-06-10', answers };
      expect(answers).toHaveLength(12_000);
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeGreaterThan(1024 * 1024);
      const first = await post(answersPath(), c.inspector, batch).expect(200);
      expect(first.body).toEqual({
        activityId: questionnaire,
        batchKey: batch.batchKey,
        imported: true,
        answers: 12_000,
        respondents,
      });
      const again = await post(answersPath(), c.staff, batch).expect(200);
      expect(again.body).toMatchObject({ imported: false, answers: 12_000, respondents });

      const tallies = await get(answersPath()).expect(200);
      expect(tallies.body).toMatchObject({ activityId: questionnaire, respondents, answers: 12_000, batches: 1 });
      const counted = new Map<string, number>();
      for (const q of tallies.body.questions as {
        question: string;
        total: number;
        answers: { answer: string; count: number }[];
      }[]) {
        expect(q.total).toBe(respondents);
        for (const a of q.answers) counted.set(`${q.question}\u0000${a.answer}`, a.count);
      }
      expect(counted).toEqual(expected);
    });

    it('adds a further batch to the tallies', async () => {
      const more = answers.slice(0, 30).map((a) => ({ ...a }));
      const added = await post(answersPath(), c.staff, {
        batchKey: 'paper-forms-1',
        answers: more,
        respondents: 10,
      }).expect(200);
      expect(added.body).toMatchObject({ imported: true, answers: 30, respondents: respondents + 10 });
      const tallies = await get(answersPath()).expect(200);
      expect(tallies.body).toMatchObject({ respondents: respondents + 10, answers: 12_030, batches: 2 });
      const first = more[0];
      const q = (tallies.body.questions as { question: string; answers: { answer: string; count: number }[] }[]).find(
        (x) => x.question === first.question,
      )!;
      const plus = more.filter((a) => a.question === first.question && a.answer === first.answer).length;
      expect(q.answers.find((a) => a.answer === first.answer)!.count).toBe(
        expected.get(`${first.question}\u0000${first.answer}`)! + plus,
      );
    });

    it('counts a batch sent several times at once only once', async () => {
      const before = (await get(answersPath()).expect(200)).body as { answers: number; respondents: number };
      const batch = { batchKey: 'paper-forms-2', answers: answers.slice(0, 300) };
      const sent = await Promise.all([1, 2, 3].map(() => post(answersPath(), c.staff, batch).expect(200)));
      expect(sent.map((r) => r.body.imported as boolean).sort()).toEqual([false, false, true]);
      const after = await get(answersPath()).expect(200);
      expect(after.body).toMatchObject({ answers: before.answers + 300, respondents: before.respondents + 100 });
    });

    it('refuses answers to what is not a questionnaire, by outsiders, or malformed', async () => {
      const report = `/campaigns/${campaignId}/activities/A-001/answers`;
      const notQuestionnaire = await post(report, c.staff, { batchKey: 'b1', answers: answers.slice(0, 2) }).expect(
        409,
      );
      expect(notQuestionnaire.body.error.code).toBe('NOT_A_QUESTIONNAIRE');
      await post(answersPath(), c.outsideInspector, { batchKey: 'b2', answers: answers.slice(0, 2) }).expect(403);
      await post(answersPath(), null, { batchKey: 'b2', answers: answers.slice(0, 2) }).expect(401);
      await post(`/campaigns/${campaignId}/activities/A-404/answers`, c.staff, {
        batchKey: 'b3',
        answers: answers.slice(0, 2),
      }).expect(404);
      const bad = await post(answersPath(), c.staff, {
        batchKey: 'has space',
        answers: [{ question: '', answer: 'x', extra: 1 }],
      }).expect(400);
      expect(fields(bad.body)).toEqual(['answers.0.extra', 'answers.0.question', 'batchKey']);
    });

    it('keeps the general body limit on every other route', async () => {
      const large = await post(`/campaigns/${campaignId}/activities`, c.staff, {
        kind: 'site_visit',
        title: '走访',
        notes: 'x'.repeat(1_100_000),
      }).expect(413);
      expect(large.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});
