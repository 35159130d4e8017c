import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import { createCampaignCast, launchCampaign, type CampaignCast } from './support/campaigns';
import { expectBadPagesRefused, expectPagesOfWhole, type PageParams } from './support/paging';

/** Findings, the problem list, the special inquiry and outcome targets over HTTP, on the real servers. */
describe('inspection: findings, problem list, special inquiry and targets', () => {
  const config = testConfig();
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let c: CampaignCast;
  let campaignId: string;
  /** Findings recorded by the first test, by role in the later ones. */
  const f: Record<'report' | 'visit' | 'duplicate' | 'trivial' | 'other', string> = {
    report: '',
    visit: '',
    duplicate: '',
    trivial: '',
    other: '',
  };

  const http = () => request(api.getHttpServer());
  /** A read as this person. */
  const get = (path: string, person: string = c.staff) => http().get(path).set(c.auth(person));
  const post = (path: string, person: string | null, body: object) => {
    const req = http().post(path).send(body);
    return person ? req.set(c.auth(person)) : req;
  };
  const finding = (id: string) => `/findings/${encodeURIComponent(id)}`;
  const fields = (body: { error: { details?: { field: string }[] } }) =>
    (body.error.details ?? []).map((d) => d.field).sort();
  /** A page of a list as this person. */
  const page =
    (path: string, person: string = c.staff) =>
    (query: PageParams) =>
      get(path, person).query(query);
  const ids = (body: { items: { id: string }[] }) => body.items.map((x) => x.id);

  beforeAll(async () => {
    worker = await startWorker(config);
    api = await startApi(config);
    c = await createCampaignCast(api);
    campaignId = await launchCampaign(api, {
      committeeUnitId: c.committee,
      jurisdictionUnitId: c.government,
      launchedBy: c.staff,
    });
    await http()
      .put(`/campaigns/${campaignId}/checklist`)
      .set(c.auth(c.staff))
      .send({
        focalPoints: [
          {
            focalPointNo: 2,
            focalPoint: '居家社区养老服务',
            items: [
              { itemNo: 1, content: '社区日间照料中心运营情况' },
              { itemNo: 2, content: '老年助餐服务覆盖情况' },
            ],
          },
        ],
      })
      .expect(200);
    await post(`/campaigns/${campaignId}/groups`, c.staff, {
      name: '第二专题调研组',
      kind: 'research',
      memberIds: [c.inspector],
    }).expect(201);
    await post(`/campaigns/${campaignId}/activities`, c.staff, {
      kind: 'onsite_report',
      title: '市民政局现场汇报',
      unitId: c.civil,
    }).expect(201);
    await post(`/campaigns/${campaignId}/activities`, c.inspector, {
      kind: 'unannounced_visit',
      title: '暗访日间照料中心',
      groupId: 'G-01',
      location: '金水区某社区日间照料中心',
      notes: '工作日上午闭门',
    }).expect(201);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  describe('findings', () => {
    const record = (person: string | null, body: object) => post(`/campaigns/${campaignId}/findings`, person, body);
    const report = {
      activityId: 'A-001',
      checklistItemId: 'FP02-01',
      title: '部分社区日间照料中心建成后未正常运营',
      description: '汇报显示全市 30% 的日间照料中心利用率不足',
      severity: 'serious',
      evidence: [{ name: '汇报材料.pdf', uri: 'https://files.example.org/report-0520.pdf' }],
    };

    it('are recorded citing the activity they come from', async () => {
      const created = await record(c.staff, { ...report, districtId: c.jinshui, location: '金水区' }).expect(201);
      f.report = created.body.id as string;
      expect(created.body).toMatchObject({
        id: `${campaignId}/F-0001`,
        campaignId,
        activityId: `${campaignId}/A-001`,
        checklistItemId: `${campaignId}/FP02-01`,
        status: 'open',
        severity: 'serious',
        evidence: report.evidence,
        activity: { id: `${campaignId}/A-001`, kind: 'onsite_report', unitId: c.civil },
        checklistItem: { id: `${campaignId}/FP02-01`, focalPointNo: 2, itemNo: 1 },
      });
      const visit = await record(c.inspector, {
        activityId: `${campaignId}/A-002`,
        checklistItemId: 'FP02-01',
        title: '日间照料中心工作日闭门',
        description: '暗访时中心大门紧锁，无工作人员',
        severity: 'moderate',
      }).expect(201);
      f.visit = visit.body.id as string;
      // Each record keeps who made it.
      expect([created.body.recordedBy, visit.body.recordedBy]).toEqual([c.staff, c.inspector]);
      const activity = await get(`/campaigns/${campaignId}/activities/A-002`, c.inspector).expect(200);
      expect(activity.body.recordedBy).toBe(c.inspector);
      const more = async (title: string, severity: string) =>
        (await record(c.staff, { activityId: 'A-001', title, description: title, severity }).expect(201)).body
          .id as string;
      const photo = { name: '现场照片.jpg', uri: 'https://files.example.org/photo-0521.jpg' };
      const duplicate = await record(c.staff, {
        activityId: 'A-001',
        title: '日间照料中心利用率低',
        description: '日间照料中心利用率低',
        severity: 'moderate',
        evidence: [photo, ...report.evidence],
      }).expect(201);
      f.duplicate = duplicate.body.id as string;
      f.trivial = await more('宣传栏信息未更新', 'minor');
      f.other = await more('助餐点数量不足', 'moderate');
      expect([f.visit, f.duplicate, f.trivial, f.other]).toEqual([2, 3, 4, 5].map((n) => `${campaignId}/F-000${n}`));
    });

    it('refuse what is incomplete, unknown or not the recorder’s', async () => {
      expect((await record(null, report).expect(401)).body.error.code).toBe('AUTH_REQUIRED');
      await record(c.outsideInspector, { ...report, activityId: 'A-002' }).expect(403);
      // The supervised government's departments do not see the campaign's inspection records.
      expect((await record(c.handler, report).expect(404)).body.error.code).toBe('CAMPAIGN_NOT_FOUND');
      const uncited = Object.fromEntries(Object.entries(report).filter(([key]) => key !== 'activityId'));
      expect(fields((await record(c.staff, uncited).expect(400)).body)).toEqual(['activityId']);
      const unknownActivity = await record(c.staff, { ...report, activityId: 'A-404' }).expect(400);
      expect(unknownActivity.body.error.details[0]).toMatchObject({ field: 'activityId', code: 'UNKNOWN_ACTIVITY' });
      const unknownItem = await record(c.staff, { ...report, checklistItemId: 'FP09-09' }).expect(400);
      expect(unknownItem.body.error.details[0]).toMatchObject({
        field: 'checklistItemId',
        code: 'UNKNOWN_CHECKLIST_ITEM',
      });
      const district = await record(c.staff, { ...report, districtId: c.civil }).expect(400);
      expect(district.body.error.details[0]).toMatchObject({ field: 'districtId', code: 'WRONG_UNIT_KIND' });
      const malformed = await record(c.staff, {
        ...report,
        severity: 'huge',
        title: '',
        evidence: [{ name: '照片', uri: 'not a uri', size: 3 }],
      }).expect(400);
      expect(fields(malformed.body)).toEqual(['evidence.0.size', 'evidence.0.uri', 'severity', 'title']);
      await post('/campaigns/no-such-campaign/findings', c.staff, report).expect(404);
    });

    it('show the activity they cite, as the reader may see it', async () => {
      const insider = await get(finding(f.visit), c.inspector).expect(200);
      expect(insider.body.activity).toMatchObject({
        id: `${campaignId}/A-002`,
        kind: 'unannounced_visit',
        location: '金水区某社区日间照料中心',
        redacted: false,
      });
      const outsider = await get(finding(f.visit), c.outsideInspector).expect(200);
      expect(outsider.body).toMatchObject({
        title: '日间照料中心工作日闭门',
        activity: { id: `${campaignId}/A-002`, location: null, notes: null, redacted: true },
      });
      // Outside the campaign's congress the finding is not there at all.
      const department = await get(finding(f.visit), c.handler).expect(404);
      expect(department.body.error.code).toBe('FINDING_NOT_FOUND');
      const missing = await get(finding(`${campaignId}/F-9999`)).expect(404);
      expect(missing.body.error).toMatchObject({
        code: 'FINDING_NOT_FOUND',
        messageZh: expect.stringContaining('问题'),
      });
    });

    it('are listed by status, activity and checklist item, a page at a time, by id', async () => {
      const path = `/campaigns/${campaignId}/findings`;
      const list = (query: object) => get(path).query(query).expect(200);
      const byActivity = await list({ activityId: 'A-002' });
      expect(byActivity.body).toMatchObject({ total: 1 });
      expect(ids(byActivity.body)).toEqual([f.visit]);
      expect(ids((await list({ checklistItemId: `${campaignId}/FP02-01` })).body)).toEqual([f.report, f.visit]);
      const open = await list({ status: 'open', limit: 2 });
      expect(open.body.total).toBe(5);
      expect(ids(open.body)).toEqual([f.report, f.visit]);
      expect(ids((await list({ status: 'open', limit: 2, offset: 4 })).body)).toEqual([f.other]);
      expect((await list({ status: 'merged' })).body).toEqual({ total: 0, items: [], limit: 50, offset: 0 });

      const all = await expectPagesOfWhole<{ id: string }>(page(path), 2);
      expect(ids(all)).toEqual([f.report, f.visit, f.duplicate, f.trivial, f.other]);
      const fromActivity = await expectPagesOfWhole<{ id: string }>(page(path), 1, { activityId: 'A-001' });
      expect(ids(fromActivity)).toEqual([f.report, f.duplicate, f.trivial, f.other]);
      expect((await list({})).body).toEqual({ ...all, limit: 50 });

      await get(path).query({ status: 'lost' }).expect(400);
      await expectBadPagesRefused(page(path));
      // The old limit of 500 is past the one every list has.
      expect((await get(path).query({ limit: 500 }).expect(400)).body.error.field).toBe('limit');
      await get('/campaigns/no-such-campaign/findings').expect(404);
    });

    it('keep the checklist items they cite in the list', async () => {
      const dropped = await http()
        .put(`/campaigns/${campaignId}/checklist`)
        .set(c.auth(c.staff))
        .send({
          focalPoints: [
            { focalPointNo: 2, focalPoint: '居家社区养老服务', items: [{ itemNo: 2, content: '老年助餐' }] },
          ],
        })
        .expect(409);
      expect(dropped.body.error).toMatchObject({ code: 'CHECKLIST_ITEM_IN_USE', field: 'focalPoints' });
      expect(dropped.body.error.message).toContain(`${campaignId}/FP02-01`);
      const kept = await get(`/campaigns/${campaignId}/checklist`).expect(200);
      expect(ids(kept.body)).toEqual([`${campaignId}/FP02-01`, `${campaignId}/FP02-02`]);
    });

    it('merge a duplicate into the finding that stays, once', async () => {
      const merge = (id: string, into: string, person = c.staff) => post(`${finding(id)}/merge`, person, { into });
      expect((await merge(f.duplicate, f.duplicate).expect(400)).body.error.field).toBe('into');
      await merge(f.duplicate, 'F-9999').expect(400);
      await merge(f.duplicate, f.report, c.inspector).expect(403);
      const merged = await merge(f.duplicate, 'F-0001').expect(200);
      expect(merged.body).toMatchObject({ id: f.duplicate, status: 'merged', mergedInto: f.report });
      // The duplicate's evidence now proves the finding that stays, each file once.
      expect((await get(finding(f.report)).expect(200)).body.evidence).toEqual([
        ...report.evidence,
        { name: '现场照片.jpg', uri: 'https://files.example.org/photo-0521.jpg' },
      ]);
      expect((await merge(f.duplicate, f.visit).expect(409)).body.error.code).toBe('FINDING_NOT_OPEN');
      const intoMerged = await merge(f.trivial, f.duplicate).expect(409);
      expect(intoMerged.body.error).toMatchObject({ code: 'MERGE_TARGET_INVALID', field: 'into' });
      await merge(`${campaignId}/F-9999`, f.report).expect(404);
    });

    it('are dismissed with a reason, once', async () => {
      const dismiss = (body: object, person = c.staff) => post(`${finding(f.trivial)}/dismiss`, person, body);
      expect(new Set(fields((await dismiss({}).expect(400)).body))).toEqual(new Set(['reason']));
      await dismiss({ reason: '不属于本次监督范围' }, c.inspector).expect(403);
      await dismiss({ reason: '不属于本次监督范围' }, c.handler).expect(404);
      const dismissed = await dismiss({ reason: '不属于本次监督范围' }).expect(200);
      expect(dismissed.body).toMatchObject({ status: 'dismissed', dismissedReason: '不属于本次监督范围' });
      expect((await dismiss({ reason: '再次' }).expect(409)).body.error.code).toBe('FINDING_NOT_OPEN');
    });

    it('are put on the problem list with their departments and a policy checked by the hand-off’s rules', async () => {
      const list = (body: object, person = c.staff, id = f.report) => post(`${finding(id)}/list`, person, body);
      const listing = {
        leadDepartmentId: c.civil,
        coDepartmentIds: [c.health],
        policy: { rectifyWithin: { days: 90, counting: 'working-days' } },
      };
      await list(listing, c.inspector).expect(403);
      await list(listing, c.handler).expect(404);
      const policy = await list({
        ...listing,
        policy: { acknowledgeWithin: { days: 0, counting: 'working-days' }, speed: 'fast' },
      }).expect(400);
      expect(fields(policy.body)).toEqual(['policy.acknowledgeWithin.days', 'policy.speed']);
      const units = await list({
        ...listing,
        leadDepartmentId: 'no-such-department',
        coDepartmentIds: [c.jinshui],
      }).expect(400);
      expect(units.body.error.details).toEqual([
        expect.objectContaining({ field: 'leadDepartmentId', code: 'UNKNOWN_UNIT' }),
        expect.objectContaining({ field: 'coDepartmentIds.0', code: 'WRONG_UNIT_KIND' }),
      ]);
      expect(fields((await list({ ...listing, coDepartmentIds: [c.civil] }).expect(400)).body)).toEqual([
        'coDepartmentIds',
      ]);
      const listed = await list(listing).expect(200);
      expect(listed.body).toMatchObject({
        status: 'listed',
        leadDepartmentId: c.civil,
        coDepartmentIds: [c.health],
        policy: listing.policy,
      });
      expect((await list(listing).expect(409)).body.error.code).toBe('FINDING_NOT_OPEN');
      expect((await list(listing, c.staff, f.trivial).expect(409)).body.error.code).toBe('FINDING_NOT_OPEN');
      const plain = await list({ leadDepartmentId: c.health }, c.staff, f.other).expect(200);
      expect(plain.body).toMatchObject({ status: 'listed', coDepartmentIds: [], policy: {} });
      // A merge into a listed finding still gathers duplicates under the problem that is being dealt with.
      await post(`${finding(f.visit)}/merge`, c.staff, { into: f.report }).expect(200);
    });
  });

  describe('special inquiry', () => {
    let questionId: string;
    const questions = () => `/campaigns/${campaignId}/inquiry-questions`;

    it('prepares questions from findings, put to a department or government', async () => {
      const question = {
        question: '全市日间照料中心利用率不足的问题，民政局下一步如何解决？',
        toUnitId: c.civil,
        findingIds: ['F-0001', f.visit],
        askedBy: '李委员',
      };
      await post(questions(), c.inspector, question).expect(403);
      const unknown = await post(questions(), c.staff, { ...question, findingIds: ['F-0001', 'F-0404'] }).expect(400);
      expect(unknown.body.error.details).toEqual([
        expect.objectContaining({ field: 'findingIds.1', code: 'UNKNOWN_FINDING' }),
      ]);
      const committee = await post(questions(), c.staff, { ...question, toUnitId: c.committee }).expect(400);
      expect(committee.body.error.details[0]).toMatchObject({ field: 'toUnitId', code: 'WRONG_UNIT_KIND' });
      const prepared = await post(questions(), c.staff, question).expect(201);
      questionId = prepared.body.id as string;
      expect(prepared.body).toMatchObject({
        id: `${campaignId}/Q-001`,
        findingIds: [f.report, f.visit],
        toUnitId: c.civil,
        answer: null,
        commitmentItemId: null,
      });
      expect((await get(questions()).expect(200)).body).toEqual({
        total: 1,
        items: [prepared.body],
        limit: 50,
        offset: 0,
      });
      const second = await post(questions(), c.staff, { ...question, question: '助餐点何时覆盖全部社区？' }).expect(
        201,
      );
      expect(second.body.id).toBe(`${campaignId}/Q-002`);
      expect(ids(await expectPagesOfWhole<{ id: string }>(page(questions()), 1))).toEqual([questionId, second.body.id]);
      await expectBadPagesRefused(page(questions()));
      await get(`${questions()}/Q-404`).expect(404);
    });

    it('turns a commitment in the answer into one rectification item, however often the answer is recorded', async () => {
      const answerPath = `${questions()}/Q-001/answer`;
      const answer = {
        answer: '民政局将对利用率不足的日间照料中心逐一排查，年底前完成整改。',
        answeredBy: '市民政局局长',
        commitment: '年底前完成全市日间照料中心运营情况排查，对闲置中心委托专业机构运营',
        policy: { rectifyWithin: { days: 120, counting: 'working-days' } },
      };
      await post(answerPath, c.inspector, answer).expect(403);
      await post(answerPath, c.handler, answer).expect(404);
      const badPolicy = await post(answerPath, c.staff, { ...answer, policy: { reportEvery: { days: 0 } } }).expect(
        400,
      );
      expect(badPolicy.body.error.code).toBe('VALIDATION_FAILED');
      expect((await get(`${questions()}/Q-001`).expect(200)).body.answer).toBeNull();

      const first = await post(answerPath, c.staff, answer).expect(200);
      expect(first.body).toMatchObject({
        id: questionId,
        answer: answer.answer,
        answeredBy: '市民政局局长',
        commitment: answer.commitment,
        commitmentItemId: questionId,
      });
      const item = await eventually(() => get(`/rectification-items/${encodeURIComponent(questionId)}`).expect(200));
      expect(item.body).toMatchObject({
        itemId: questionId,
        campaignId,
        rootCampaignId: campaignId,
        leadDepartmentId: c.civil,
        committeeUnitId: c.committee,
        status: 'assigned',
      });

      const corrected = await post(answerPath, c.staff, {
        ...answer,
        answer: '（更正）民政局将逐一排查日间照料中心。',
      }).expect(200);
      expect(corrected.body).toMatchObject({
        answer: '（更正）民政局将逐一排查日间照料中心。',
        commitmentItemId: questionId,
      });
      // The unit asked leads nothing else in this run.
      const items = await get('/rectification-items').query({ departmentId: c.civil }).expect(200);
      expect((items.body.items as { itemId: string }[]).map((i) => i.itemId)).toEqual([questionId]);
      // The department asked sees the item it now leads.
      const mine = await get('/rectification-items', c.handler).expect(200);
      expect((mine.body.items as { itemId: string }[]).map((i) => i.itemId)).toEqual([questionId]);
      const events = await get(`/rectification-items/${encodeURIComponent(questionId)}/events`).expect(200);
      expect((events.body.items as { type: string }[]).filter((e) => e.type === 'item.assigned')).toHaveLength(1);
    });
  });

  describe('outcome targets', () => {
    let counties: string[];
    const targets = (id: string) => `/campaigns/${id}/targets`;
    const define = (id: string, target: number, person = c.staff) =>
      http()
        .put(`${targets(id)}/meal_sites`)
        .set(c.auth(person))
        .send({ label: '新建老年助餐点', unit: '个', target });
    const report = (id: string, person: string, value: number, key = 'meal_sites') =>
      post(`${targets(id)}/${key}/reports`, person, { value });

    beforeAll(async () => {
      const county = (district: string) =>
        launchCampaign(api, {
          committeeUnitId: c.committee,
          jurisdictionUnitId: district,
          launchedBy: c.staff,
          parent: { campaignId },
        });
      counties = [await county(c.jinshui), await county(c.erqi)];
    });

    it('are set by committee staff', async () => {
      await define(campaignId, 114, c.inspector).expect(403);
      await define(campaignId, 114, c.handler).expect(404);
      const bad = await http()
        .put(`${targets(campaignId)}/Meal Sites`)
        .set(c.auth(c.staff))
        .send({ label: '', unit: '个', target: -1 })
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      const set = await define(campaignId, 100).expect(200);
      expect(set.body).toMatchObject({ key: 'meal_sites', target: 100, achieved: 0, reports: [] });
      expect((await define(campaignId, 114).expect(200)).body.target).toBe(114);
      await define(counties[0], 10).expect(200);
      await define(counties[1], 20).expect(200);
    });

    it('take reports from department handlers and leaders, for their own department, the latest counting', async () => {
      await report(campaignId, c.staff, 5).expect(403);
      expect((await report(campaignId, c.handler, 5, 'beds').expect(404)).body.error.code).toBe('TARGET_NOT_FOUND');
      await report(campaignId, c.handler, -1).expect(400);
      await report(campaignId, c.handler, 50).expect(200);
      const corrected = await report(campaignId, c.handler, 60).expect(200);
      expect(corrected.body.reports).toEqual([
        expect.objectContaining({ departmentId: c.civil, value: 60, reportedBy: c.handler }),
      ]);
      await report(campaignId, c.leader, 5.5).expect(200);
      // A district campaign takes its reports from the district's departments; a city department
      // is not inside its jurisdiction.
      await report(counties[0], c.handler, 4).expect(404);
      await report(counties[0], c.jinshuiHandler, 4).expect(200);
      await report(counties[0], c.jinshuiLeader, 3).expect(200);
      await report(counties[1], c.erqiHandler, 15).expect(200);
    });

    it('sum what was achieved in the campaign and, level by level, in the campaigns linked below it', async () => {
      const city = await get(targets(campaignId)).expect(200);
      expect(city.body.total).toBe(1);
      expect(city.body.items).toHaveLength(1);
      expect(city.body.items[0]).toMatchObject({
        key: 'meal_sites',
        label: '新建老年助餐点',
        unit: '个',
        aggregation: 'sum',
        target: 114,
        achieved: 60 + 5.5,
        rolledUp: {
          campaigns: 3,
          // The districts' 10 and 20 are their shares of the city's 114, not on top of it.
          target: 114,
          allocated: 10 + 20,
          achieved: 60 + 5.5 + 4 + 3 + 15,
          byLevel: [
            { level: 'city', campaigns: 1, target: 114, achieved: 60 + 5.5 },
            { level: 'county', campaigns: 2, target: 10 + 20, achieved: 4 + 3 + 15 },
          ],
        },
      });
      // The departments that report read the same sums.
      expect((await get(targets(campaignId), c.handler).expect(200)).body).toEqual(city.body);
      const county = await get(targets(counties[0])).expect(200);
      expect(county.body.items[0]).toMatchObject({
        achieved: 4 + 3,
        rolledUp: {
          campaigns: 1,
          target: 10,
          allocated: 0,
          byLevel: [{ level: 'county', campaigns: 1, target: 10, achieved: 4 + 3 }],
        },
      });
      expect((await get(targets(counties[0]), c.jinshuiLeader).expect(200)).body).toEqual(county.body);
      await get(targets('no-such-campaign')).expect(404);
    });

    it('are read a page at a time, by key, each with its own sums', async () => {
      await http()
        .put(`${targets(campaignId)}/beds`)
        .set(c.auth(c.staff))
        .send({ label: '新增养老床位', unit: '张', target: 1229 })
        .expect(200);
      await report(campaignId, c.handler, 300, 'beds').expect(200);
      const whole = await expectPagesOfWhole<{ key: string }>(page(targets(campaignId)), 1);
      expect(whole.items.map((t) => t.key)).toEqual(['beds', 'meal_sites']);
      expect(whole.items[0]).toMatchObject({
        achieved: 300,
        reports: [expect.objectContaining({ departmentId: c.civil, value: 300 })],
        rolledUp: { campaigns: 1, target: 1229, achieved: 300, byLevel: [{ level: 'city', campaigns: 1 }] },
      });
      const second = await get(targets(campaignId), c.handler).query({ limit: 1, offset: 1 }).expect(200);
      expect(second.body).toEqual({ total: 2, items: [whole.items[1]], limit: 1, offset: 1 });
      expect(second.body.items[0]).toMatchObject({ key: 'meal_sites', rolledUp: { campaigns: 3 } });
      await expectBadPagesRefused(page(targets(campaignId)));
    });

    it('average ratios instead of adding them up, at every level', async () => {
      const coverage = (id: string, target: number) =>
        http()
          .put(`${targets(id)}/rural_coverage`)
          .set(c.auth(c.staff))
          .send({ label: '农村养老服务设施覆盖率', unit: '%', target });
      await coverage(campaignId, 40).expect(200);
      await coverage(counties[0], 30).expect(200);
      await coverage(counties[1], 50).expect(200);
      const coverageOf = async (id: string) =>
        ((await get(targets(id)).expect(200)).body.items as { key: string }[]).find((t) => t.key === 'rural_coverage');
      const none = await coverageOf(campaignId);
      expect(none).toMatchObject({ aggregation: 'mean', achieved: null, rolledUp: { target: 40, achieved: null } });
      await report(campaignId, c.handler, 37.5, 'rural_coverage').expect(200);
      await report(counties[0], c.jinshuiHandler, 20, 'rural_coverage').expect(200);
      await report(counties[0], c.jinshuiLeader, 30, 'rural_coverage').expect(200);
      await report(counties[1], c.erqiHandler, 45, 'rural_coverage').expect(200);
      expect(await coverageOf(campaignId)).toMatchObject({
        unit: '%',
        aggregation: 'mean',
        target: 40,
        achieved: 37.5,
        rolledUp: {
          campaigns: 3,
          target: 40,
          allocated: null,
          achieved: 37.5,
          byLevel: [
            { level: 'city', campaigns: 1, target: 40, achieved: 37.5 },
            // Jinshui's two reports average to 25; the level averages its campaigns: (25 + 45) / 2.
            { level: 'county', campaigns: 2, target: 40, achieved: 35 },
          ],
        },
      });
    });
  });
});
