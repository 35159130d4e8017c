import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { isOpenApiPath } from '../apps/api/src/http/openapi';
import { samples } from '../libs/evidence/src/evidence-samples';
import { startApi, startWorker, testConfig } from './support/apps';
import {
  CALLERS,
  classify,
  expectedOutcome,
  ROWS,
  routePattern,
  SUBJECTS,
  type Caller,
  type CellContext,
  type Outcome,
  type Row,
  type Subject,
  type SubjectName,
  type World,
} from './support/access-matrix';
import { as, asAdmin, TEST_PASSWORD, usernameFor, type AuthHeader } from './support/auth';
import { eventually } from './support/eventually';
import { isolatedDatabase } from './support/isolated-database';
import { createOrganisation } from './support/organisation';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every route the running Express application answers, as `METHOD /path` (the docs excepted). */
function registeredRoutes(api: NestExpressApplication): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const express = api.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)!.stack;
  return stack
    .flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods)
            .filter((method) => METHODS.includes(method))
            .map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
        : [],
    )
    .filter((route) => !isOpenApiPath(route.split(' ')[1]));
}

interface Cell {
  route: string;
  subject: SubjectName;
  caller: string;
  expected: Outcome;
  outcome: string;
  status: number;
  code?: string;
  /** An allowed answer that is a 4xx the row does not expect (a request this test got wrong). */
  stray: boolean;
}

const LETTER: Record<string, string> = { allow: 'A', unauthenticated: 'U', forbidden: 'F', hidden: 'H' };

/**
 * The access matrix (see test/support/access-matrix.ts): every route × every caller, for the city
 * campaign and for a district campaign linked below it, as real requests against a world built
 * over HTTP the way its users build it. The world runs on a database of its own, since some
 * rows change accounts and the working-day calendar.
 */
describe('access matrix: every route × every caller', () => {
  let db: Awaited<ReturnType<typeof isolatedDatabase>>;
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let world: World;
  const cells: Cell[] = [];
  const s = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${s}`;
  const http = () => request(api.getHttpServer());
  const headers = new Map<string, AuthHeader>();
  /** The main session of a person of the world, by short name. */
  const auth = (person: string) => headers.get(person)!;

  const post = (path: string, person: string, body: object = {}) => http().post(path).set(auth(person)).send(body);
  const itemAct = (itemId: string, action: string, person: string, body: object = {}) =>
    post(`/rectification-items/${encodeURIComponent(itemId)}/actions/${action}`, person, body).expect(200);
  const campaignAct = (campaignId: string, action: string, person: string, body: object = {}) =>
    post(`/campaigns/${campaignId}/actions/${action}`, person, body).expect(200);

  async function launch(campaignId: string, person: string, body: object): Promise<void> {
    await post('/campaigns', person, { campaignId, title: '积极应对人口老龄化 加快发展养老服务', ...body }).expect(202);
    await eventually(() => http().get(`/campaigns/${campaignId}`).set(auth(person)).expect(200));
  }

  /** Wait until a handed-off item is in the read model, as the person of its lead department sees it. */
  const itemVisible = (itemId: string, person: string) =>
    eventually(() =>
      http()
        .get(`/rectification-items/${encodeURIComponent(itemId)}`)
        .set(auth(person))
        .expect(200),
    );

  /**
   * A campaign's inspection as its committee staff and inspectors record it, up to a problem
   * list handed off and its item under way: a group, a site visit, an unannounced visit, a
   * questionnaire, a listed finding and three more left open, the item acknowledged and its plan
   * approved, an evidence file, a snapshot, a target and an inquiry question.
   */
  async function inspect(o: {
    name: SubjectName;
    campaignId: string;
    level: 'city' | 'county';
    committeeUnitId: string;
    jurisdictionUnitId: string;
    staff: string;
    recorder: string;
    members: string[];
    districtId: string;
    lead: string;
    co: string[];
    handler: string;
    checklist: boolean;
  }): Promise<Omit<Subject, 'lookBack'>> {
    const c = (rest: string) => `/campaigns/${o.campaignId}${rest}`;
    await campaignAct(o.campaignId, 'advance-phase', o.staff);
    const groupBody = {
      name: '执法检查组',
      kind: 'law_enforcement',
      memberIds: o.members,
      districtIds: [o.districtId],
    };
    const group = await post(c('/groups'), o.staff, groupBody).expect(201);
    const groupId = (group.body.id as string).split('/').pop()!;
    const checklist = {
      focalPoints: [
        {
          focalPointNo: 1,
          focalPoint: '居家社区养老服务',
          items: [
            { itemNo: 1, content: '社区日间照料中心运营情况', groupId },
            { itemNo: 2, content: '老年助餐服务覆盖情况' },
          ],
        },
      ],
    };
    if (o.checklist) await http().put(c('/checklist')).set(auth(o.staff)).send(checklist).expect(200);
    const activity = (body: object) => post(c('/activities'), o.recorder, { groupId, ...body }).expect(201);
    await activity({ kind: 'site_visit', title: '实地察看日间照料中心', districtId: o.districtId });
    const unannounced = await activity({
      kind: 'unannounced_visit',
      title: '暗访社区助餐点',
      location: '某街道助餐点',
      notes: '工作日中午未供餐',
    });
    const questionnaire = await activity({ kind: 'questionnaire', title: '老年人满意度问卷' });
    const finding = (title: string, extra: object = {}) =>
      post(c('/findings'), o.recorder, {
        activityId: 'A-001',
        title,
        description: `${title}（实地察看发现）`,
        severity: 'moderate',
        ...extra,
      }).expect(201);
    const listed = (await finding('日间照料中心闲置', o.checklist ? { checklistItemId: 'FP01-01' } : {})).body
      .id as string;
    const [merge, dismiss, list] = [
      (await finding('日间照料中心利用率低')).body.id as string,
      (await finding('宣传栏信息未更新')).body.id as string,
      (await finding('助餐点数量不足')).body.id as string,
    ];
    await post(`/findings/${encodeURIComponent(listed)}/list`, o.staff, {
      leadDepartmentId: o.lead,
      coDepartmentIds: o.co,
    }).expect(200);
    await campaignAct(o.campaignId, 'hand-off', o.staff);
    const itemId = listed;
    await itemVisible(itemId, o.handler);
    await itemAct(itemId, 'acknowledge', o.handler);
    await itemAct(itemId, 'submit-plan', o.handler, { summary: '整改方案', measures: ['恢复运营'] });
    await itemAct(itemId, 'review-plan', o.staff, { decision: 'approve' });
    const evidence = await http()
      .post(`/rectification-items/${encodeURIComponent(itemId)}/evidence`)
      .query({ fileName: '整改方案.pdf' })
      .set(auth(o.handler))
      .set('Content-Type', 'application/octet-stream')
      .send(samples.pdf())
      .expect(201);
    const snapshot = await post(c('/snapshots'), o.staff, { label: '动态清单' }).expect(201);
    await http()
      .put(c('/targets/care_points'))
      .set(auth(o.staff))
      .send({ label: '建成助餐点', unit: '个', target: 114 })
      .expect(200);
    const question = await post(c('/inquiry-questions'), o.staff, {
      question: '日间照料中心为何闲置？',
      toUnitId: o.lead,
      findingIds: [listed],
    }).expect(201);
    return {
      name: o.name,
      campaignId: o.campaignId,
      level: o.level,
      committeeUnitId: o.committeeUnitId,
      jurisdictionUnitId: o.jurisdictionUnitId,
      leadDepartmentId: o.lead,
      groupId,
      group: groupBody,
      unannouncedVisitId: (unannounced.body.id as string).split('/').pop()!,
      questionnaireId: (questionnaire.body.id as string).split('/').pop()!,
      findingId: listed,
      mergeFindingId: merge,
      dismissFindingId: dismiss,
      listFindingId: list,
      snapshotId: snapshot.body.snapshotId as string,
      targetKey: 'care_points',
      questionId: (question.body.id as string).split('/').pop()!,
      itemId,
      evidenceId: evidence.body.id as string,
      checklist,
      groupChecklistItems: o.checklist ? ['FP01-01'] : [],
    };
  }

  /** A city campaign taken to its look-back with one closed item selected. */
  async function lookBackCampaign(campaignId: string, u: Record<string, string>) {
    await launch(campaignId, 'city-staff', {
      level: 'city',
      committeeUnitId: u.social,
      jurisdictionUnitId: u.gov,
    });
    await campaignAct(campaignId, 'advance-phase', 'city-staff');
    await post(`/campaigns/${campaignId}/activities`, 'city-staff', { kind: 'site_visit', title: '实地察看' }).expect(
      201,
    );
    const finding = await post(`/campaigns/${campaignId}/findings`, 'city-staff', {
      activityId: 'A-001',
      title: '助餐补贴发放滞后',
      description: '抽查发现补贴拖欠两个月',
      severity: 'moderate',
    }).expect(201);
    const itemId = finding.body.id as string;
    await post(`/findings/${encodeURIComponent(itemId)}/list`, 'city-staff', { leadDepartmentId: u.deptA }).expect(200);
    await campaignAct(campaignId, 'hand-off', 'city-staff');
    await itemVisible(itemId, 'a-handler');
    await itemAct(itemId, 'acknowledge', 'a-handler');
    await itemAct(itemId, 'submit-plan', 'a-handler', { summary: '按月发放', measures: ['清理积欠'] });
    await itemAct(itemId, 'review-plan', 'city-staff', { decision: 'approve' });
    await itemAct(itemId, 'submit-completion', 'a-handler', {
      summary: '补贴已发放到位',
      evidence: [{ name: '发放清单', uri: 'https://files.example.org/subsidy.pdf' }],
    });
    await itemAct(itemId, 'verify-completion', 'city-staff', { decision: 'accept' });
    await eventually(async () => {
      const read = await http()
        .get(`/rectification-items/${encodeURIComponent(itemId)}`)
        .set(auth('city-staff'))
        .expect(200);
      expect(read.body.status).toBe('closed');
    });
    for (let i = 0; i < 3; i += 1) await campaignAct(campaignId, 'advance-phase', 'city-staff');
    await campaignAct(campaignId, 'start-look-back', 'city-staff');
    const selection = await http().get(`/campaigns/${campaignId}/look-back`).set(auth('city-staff')).expect(200);
    expect((selection.body.items as { itemId: string }[]).map((x) => x.itemId)).toEqual([itemId]);
    return { campaignId, itemId };
  }

  beforeAll(async () => {
    db = await isolatedDatabase();
    const config = testConfig({ DATABASE_URL: (db.dataSource.options as { url: string }).url });
    worker = await startWorker(config);
    api = await startApi(config);

    const u: Record<string, string> = {
      npc: id('npc'),
      social: id('social'),
      finance: id('finance'),
      gov: id('gov'),
      deptA: id('civil'),
      deptB: id('health'),
      oNpc: id('o-npc'),
      oCmte: id('o-cmte'),
      oGov: id('o-gov'),
      oDept: id('o-civil'),
    };
    for (const d of ['da', 'db']) {
      for (const part of ['npc', 'cmte', 'gov', 'bureau']) u[`${d}-${part}`] = id(`${d}-${part}`);
    }
    const units = [
      { id: u.npc, name: '郑州市人大常委会', kind: 'congress', level: 'city' },
      { id: u.social, name: '社会建设委员会', kind: 'committee', level: 'city', parentId: u.npc },
      { id: u.finance, name: '财政经济委员会', kind: 'committee', level: 'city', parentId: u.npc },
      { id: u.gov, name: '郑州市人民政府', kind: 'government', level: 'city' },
      { id: u.deptA, name: '市民政局', kind: 'department', parentId: u.gov },
      { id: u.deptB, name: '市卫健委', kind: 'department', parentId: u.gov },
      ...['da', 'db'].flatMap((d) => [
        { id: u[`${d}-npc`], name: `${d}区人大常委会`, kind: 'congress', level: 'county' },
        { id: u[`${d}-cmte`], name: `${d}区人大社会委`, kind: 'committee', level: 'county', parentId: u[`${d}-npc`] },
        { id: u[`${d}-gov`], name: `${d}区`, kind: 'district', level: 'county', parentId: u.gov },
        { id: u[`${d}-bureau`], name: `${d}区民政局`, kind: 'department', parentId: u[`${d}-gov`] },
      ]),
      { id: u.oNpc, name: '洛阳市人大常委会', kind: 'congress', level: 'city' },
      { id: u.oCmte, name: '洛阳市人大社会委', kind: 'committee', level: 'city', parentId: u.oNpc },
      { id: u.oGov, name: '洛阳市人民政府', kind: 'government', level: 'city' },
      { id: u.oDept, name: '洛阳市民政局', kind: 'department', parentId: u.oGov },
    ];
    const person = (short: string, unitId: string, roles: string[]) => ({ id: id(short), name: short, unitId, roles });
    const people = [
      person('city-staff', u.social, ['committee_staff']),
      person('city-inspector', u.social, ['inspector']),
      person('city-manager', u.social, ['manager']),
      person('finance-staff', u.finance, ['committee_staff']),
      person('da-staff', u['da-cmte'], ['committee_staff']),
      person('db-staff', u['db-cmte'], ['committee_staff']),
      person('o-staff', u.oCmte, ['committee_staff']),
      person('a-handler', u.deptA, ['department_handler']),
      person('a-leader', u.deptA, ['department_leader']),
      person('b-handler', u.deptB, ['department_handler']),
      person('b-leader', u.deptB, ['department_leader']),
      person('o-handler', u.oDept, ['department_handler']),
      person('da-handler', u['da-bureau'], ['department_handler']),
      person('db-handler', u['db-bureau'], ['department_handler']),
      person('probe', u.deptA, []),
      person('victim', u.deptA, ['department_handler']),
    ];
    const signedIn = await createOrganisation(api, units, people);
    for (const p of people) headers.set(p.id.slice(0, -(s.length + 1)), signedIn(p.id));
    const system = await asAdmin(api, 'system_admin');
    for (const short of ['accountless', 'roles']) {
      await http()
        .post('/people')
        .set(system)
        .send({ id: id(short), name: short, unitId: u.deptB })
        .expect(201);
    }
    const accounts = (
      await http()
        .get('/accounts')
        .query({ q: usernameFor(id('victim')) })
        .set(system)
        .expect(200)
    ).body.items as { id: string; username: string }[];
    const victim = accounts.find((a) => a.username === usernameFor(id('victim')))!;

    // The city campaign, its districts' campaigns linked below it, a look-back campaign, another city's.
    const city = `am-${s}`;
    const [da, db2] = [`${city}-da`, `${city}-db`];
    await launch(city, 'city-staff', { level: 'city', committeeUnitId: u.social, jurisdictionUnitId: u.gov });
    const [citySubject, districtSubject, lookBack] = await Promise.all([
      inspect({
        name: 'city',
        campaignId: city,
        level: 'city',
        committeeUnitId: u.social,
        jurisdictionUnitId: u.gov,
        staff: 'city-staff',
        recorder: 'city-inspector',
        members: [id('city-inspector')],
        districtId: u['da-gov'],
        lead: u.deptA,
        co: [u.deptB],
        handler: 'a-handler',
        checklist: true,
      }),
      (async () => {
        await campaignAct(city, 'launch-linked', 'city-staff', {
          campaigns: ['da', 'db'].map((d) => ({
            campaignId: `${city}-${d}`,
            organiser: `${d}区人大常委会`,
            committeeUnitId: u[`${d}-cmte`],
            jurisdictionUnitId: u[`${d}-gov`],
          })),
        });
        await eventually(() => http().get(`/campaigns/${da}`).set(auth('da-staff')).expect(200));
        await eventually(() => http().get(`/campaigns/${db2}`).set(auth('db-staff')).expect(200));
        return inspect({
          name: 'district',
          campaignId: da,
          level: 'county',
          committeeUnitId: u['da-cmte'],
          jurisdictionUnitId: u['da-gov'],
          staff: 'da-staff',
          recorder: 'da-staff',
          members: [],
          districtId: u['da-gov'],
          lead: u['da-bureau'],
          co: [],
          handler: 'da-handler',
          checklist: false,
        });
      })(),
      lookBackCampaign(`${city}-lb`, u),
      launch(`${city}-oc`, 'o-staff', { level: 'city', committeeUnitId: u.oCmte, jurisdictionUnitId: u.oGov }),
    ]);
    world = {
      units: u,
      subjects: {
        city: { ...citySubject, lookBack },
        district: { ...districtSubject, lookBack: { campaignId: da, itemId: districtSubject.itemId } },
      },
      probeUsername: usernameFor(id('probe')),
      victimAccountId: victim.id,
      accountlessPersonId: id('accountless'),
      rolesPersonId: id('roles'),
    };
  }, 120_000);

  afterAll(async () => {
    // Closing the API writes out the audit records still queued, before the database goes.
    await api?.close();
    await worker?.close();
    await db?.drop();
  });

  it('has a decided rule for every route the application answers, and a route for every rule', () => {
    const routes = registeredRoutes(api);
    expect(routes.length).toBeGreaterThan(60);
    const decided = new Set(ROWS.map((r) => r.route));
    expect(routes.filter((r) => !decided.has(r))).toEqual([]);
    expect([...decided].filter((r) => !routes.includes(r))).toEqual([]);
    expect(ROWS.length).toBe(decided.size);
  });

  it('filters lists at the data level, keeps records under their parent, and redacts an unannounced visit', async () => {
    const { city, district } = world.subjects;
    const itemsOf = async (person: string) =>
      (
        (await http().get('/rectification-items').query({ limit: '200' }).set(auth(person)).expect(200)).body as {
          items: { itemId: string }[];
        }
      ).items.map((i) => i.itemId);
    const campaignsOf = async (person: string) =>
      (
        (await http().get('/campaigns').query({ limit: '200' }).set(auth(person)).expect(200)).body as {
          items: { id: string }[];
        }
      ).items.map((c) => c.id);

    // Items: a department sees what it leads or co-operates on; a congress what it oversees and what is linked below.
    expect(await itemsOf('b-handler')).toContain(city.itemId);
    expect(await itemsOf('o-handler')).not.toContain(city.itemId);
    expect(await itemsOf('da-handler')).toEqual(expect.arrayContaining([district.itemId]));
    expect(await itemsOf('da-handler')).not.toContain(city.itemId);
    expect(await itemsOf('city-staff')).toEqual(expect.arrayContaining([city.itemId, district.itemId]));
    expect(await itemsOf('da-staff')).toContain(district.itemId);
    expect(await itemsOf('da-staff')).not.toContain(city.itemId);
    expect(await itemsOf('db-staff')).not.toContain(district.itemId);
    expect(await itemsOf('o-staff')).toEqual([]);

    // Campaigns: a congress lists its own and those linked below (never the one above); a
    // government unit those over the units it sits in.
    const [oc, da, dbId, lb] = [
      `${city.campaignId}-oc`,
      district.campaignId,
      `${city.campaignId}-db`,
      `${city.campaignId}-lb`,
    ];
    expect(await campaignsOf('da-staff')).toEqual([da]);
    expect(await campaignsOf('db-staff')).toEqual([dbId]);
    expect((await campaignsOf('city-staff')).sort()).toEqual([city.campaignId, da, dbId, lb].sort());
    // Another committee of the same congress stands where the city's committee does.
    expect((await campaignsOf('finance-staff')).sort()).toEqual([city.campaignId, da, dbId, lb].sort());
    expect(await campaignsOf('o-staff')).toEqual([oc]);
    expect((await campaignsOf('a-handler')).sort()).toEqual([city.campaignId, lb].sort());
    // Not the city's: district A's linked campaign covers its bureau more closely.
    expect((await campaignsOf('da-handler')).sort()).toEqual([da, lb].sort());
    expect(await campaignsOf('o-handler')).toEqual([oc]);

    // A record named under a parent the caller may see is looked up under that parent only:
    // another campaign's question, group or activity, another item's file, are not there.
    const foreign = [
      `/campaigns/${district.campaignId}/inquiry-questions/${encodeURIComponent(`${city.campaignId}/${city.questionId}`)}`,
      `/campaigns/${district.campaignId}/groups/${encodeURIComponent(`${city.campaignId}/${city.groupId}`)}`,
      `/campaigns/${district.campaignId}/activities/${encodeURIComponent(`${city.campaignId}/${city.unannouncedVisitId}`)}`,
    ];
    for (const path of foreign)
      expect({ path, status: (await http().get(path).set(auth('da-staff'))).status }).toEqual({ path, status: 404 });
    const otherFile = `/rectification-items/${encodeURIComponent(district.itemId)}/evidence/${city.evidenceId}`;
    expect((await http().get(otherFile).set(auth('da-handler'))).status).toBe(404);

    // The managers' summary counts only what the caller may see.
    const summaryOf = async (person: string) =>
      (
        (await http().get('/rectification-items/summary').set(auth(person)).expect(200)).body as {
          key: string | null;
        }[]
      ).map((row) => row.key);
    expect(await summaryOf('b-handler')).toContain(world.units.deptA);
    expect(await summaryOf('o-handler')).toEqual([]);
    expect(await summaryOf('da-staff')).toEqual([world.units['da-bureau']]);

    const visit = (person: string) =>
      http().get(`/campaigns/${city.campaignId}/activities/${city.unannouncedVisitId}`).set(auth(person)).expect(200);
    expect((await visit('city-manager')).body).toMatchObject({ redacted: true, location: null, notes: null });
    expect((await visit('city-inspector')).body).toMatchObject({ redacted: false, location: '某街道助餐点' });
    expect((await visit('city-staff')).body).toMatchObject({ redacted: false });
  });

  it('answers every route × caller as the table decides', async () => {
    const started = Date.now();
    const contexts = new Map<string, CellContext>();
    const contextOf = (subject: SubjectName, caller: Caller, index: number) => {
      const key = `${subject}:${caller.key}`;
      let ctx = contexts.get(key);
      if (!ctx) contexts.set(key, (ctx = { caller, tag: `${s}-${subject[0]}${index}` }));
      return ctx;
    };
    const mainSession = async (caller: Caller) =>
      caller.admin ? asAdmin(api, caller.admin) : as(api, id(caller.person!));
    const fresh = new Map<string, Promise<AuthHeader>>();
    /** A session of the caller's own for the rows that end or change it. */
    const freshSession = (caller: Caller) => {
      let header = fresh.get(caller.key);
      if (!header) {
        header = (async () => {
          const me = await http()
            .get('/auth/me')
            .set(await mainSession(caller))
            .expect(200);
          const login = await http()
            .post('/auth/login')
            .send({ username: me.body.username as string, password: TEST_PASSWORD })
            .expect(200);
          return { Authorization: `Bearer ${login.body.accessToken as string}` };
        })();
        fresh.set(caller.key, header);
      }
      return header;
    };

    async function send(row: Row, subject: SubjectName, caller: Caller, index: number): Promise<Cell> {
      const ctx = contextOf(subject, caller, index);
      const [method, template] = row.route.split(' ');
      const req = row.request(world, world.subjects[subject], ctx);
      expect({ route: row.route, path: req.path, fits: routePattern(template).test(req.path) }).toMatchObject({
        fits: true,
      });
      let call = http()[method.toLowerCase() as 'get' | 'post' | 'put'](req.path);
      if (req.query) call = call.query(req.query);
      if (caller.admin || caller.person) {
        call = call.set(row.freshSession ? await freshSession(caller) : await mainSession(caller));
      }
      const response = req.file
        ? await call.set('Content-Type', 'application/octet-stream').send(req.file)
        : req.body
          ? await call.send(req.body)
          : await call;
      const code = (response.body as { error?: { code?: string } } | undefined)?.error?.code;
      const outcome = classify(row.route, response.status, code);
      if (response.status < 300 && row.after) row.after(response.body as Record<string, unknown>, ctx);
      return {
        route: row.route,
        subject,
        caller: caller.key,
        expected: expectedOutcome(row, caller, subject),
        outcome,
        status: response.status,
        code,
        stray: outcome === 'allow' && response.status >= 300 && !(row.refusals ?? []).includes(code ?? ''),
      };
    }

    /**
     * One row for one subject: the callers who must be refused first, then those who may act,
     * so that an allowed change of state (a look-back recorded, a finding merged) cannot turn a
     * refusal into a state answer.
     */
    async function runRow(row: Row, subject: SubjectName): Promise<void> {
      const indexed = CALLERS.map((caller, index) => ({ caller, index }));
      const allowed = (c: Caller) => expectedOutcome(row, c, subject) === 'allow';
      for (const group of [indexed.filter((c) => !allowed(c.caller)), indexed.filter((c) => allowed(c.caller))]) {
        cells.push(...(await Promise.all(group.map(({ caller, index }) => send(row, subject, caller, index)))));
      }
    }

    const shared = ROWS.filter((r) => !r.freshSession);
    for (const row of shared) await runRow(row, 'city');
    for (const row of shared.filter((r) => r.subjects.includes('district'))) await runRow(row, 'district');
    for (const row of ROWS.filter((r) => r.freshSession)) await runRow(row, 'city');

    const perSubject = Object.fromEntries(
      SUBJECTS.map((subject) => [subject, ROWS.filter((r) => r.subjects.includes(subject)).length]),
    ) as Record<SubjectName, number>;
    const counts = (of: Cell[]) =>
      Object.fromEntries(
        ['allow', 'unauthenticated', 'forbidden', 'hidden'].map((o) => [o, of.filter((c) => c.outcome === o).length]),
      );
    const grid = SUBJECTS.flatMap((subject) => [
      `${subject}: ${perSubject[subject]} routes × ${CALLERS.length} callers`,
      `${''.padEnd(62)} ${CALLERS.map((c) => c.key.padEnd(4)).join(' ')}`,
      ...ROWS.filter((r) => r.subjects.includes(subject)).map(
        (row) =>
          `${row.route.padEnd(62)} ${CALLERS.map((caller) => {
            const cell = cells.find((c) => c.route === row.route && c.subject === subject && c.caller === caller.key);
            const letter = LETTER[cell?.outcome ?? ''] ?? '?';
            return (cell && cell.outcome !== cell.expected ? `${letter}!` : letter).padEnd(4);
          }).join(' ')}`,
      ),
    ]);
    const cityCells = cells.filter((c) => c.subject === 'city');
    const districtCells = cells.filter((c) => c.subject === 'district');
    console.log(
      [
        `access matrix: ${perSubject.city} routes × ${CALLERS.length} callers = ${cityCells.length} cells (city campaign)` +
          ` + ${perSubject.district} campaign- and item-scoped routes × ${CALLERS.length} = ${districtCells.length} cells` +
          ` (linked district campaign) = ${cells.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `city: ${JSON.stringify(counts(cityCells))}`,
        `district: ${JSON.stringify(counts(districtCells))}`,
        `all: ${JSON.stringify(counts(cells))}; allowed with a state or validation answer: ${
          cells.filter((c) => c.outcome === 'allow' && c.status >= 300).length
        }`,
        `callers: ${CALLERS.map((c) => `${c.key}=${c.label}`).join(', ')}`,
        'A allow, U unauthenticated (401), F forbidden (403), H hidden (404); ! differs from the table',
        ...grid,
      ].join('\n'),
    );

    const show = (c: Cell) => `${c.subject} ${c.route} as ${c.caller}: ${c.status} ${c.code ?? ''} (${c.outcome})`;
    expect(cells.filter((c) => c.outcome !== c.expected).map((c) => `${show(c)}, expected ${c.expected}`)).toEqual([]);
    expect(cells.filter((c) => c.stray).map(show)).toEqual([]);
    expect(cityCells.length).toBe(registeredRoutes(api).length * CALLERS.length);
    expect(districtCells.length).toBe(perSubject.district * CALLERS.length);
    expect(cells.length).toBe((perSubject.city + perSubject.district) * CALLERS.length);
  }, 180_000);
});
