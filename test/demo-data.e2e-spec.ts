import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  ACTIVITIES,
  CITY_FINDINGS,
  CITY_TARGETS,
  DEMO_CAMPAIGN_ID,
  DEMO_PASSWORD,
  DEPARTMENTS,
  DISTRICTS,
  DISTRICT_LISTS,
  FOCAL_POINTS,
  GROUPS,
  INQUIRY,
  QUESTIONNAIRE_BATCHES,
  QUESTIONS,
  SHEETS_PER_BATCH,
  allPages,
  demoPeople,
  demoUnits,
  linkedCampaignId,
  loadDemo,
  questionnaireBatch,
  type DemoListing,
  type DemoSummary,
  type Stage,
} from '@lib/demo';
import { openDatabase, type Page } from '@lib/database';
import { ensureAdministrators, IdentityService } from '@lib/identity';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import { testEnv } from './setup/test-env';

interface Item {
  itemId: string;
  status: string;
  round: number;
  campaignId: string;
  campaignLevel: string;
  leadDepartmentId: string;
  trafficLight: string;
  escalationLevel: string;
  extensionCount: number;
  extensionPending?: boolean;
}
type Counts = Record<string, number>;
interface Node {
  campaignId: string;
  level: string;
  own: Counts;
  rolledUp: Counts;
  linked: Node[];
}

/** What an item left at each stage shows: status and round (the stage names are the loader's, not the API's). */
const EXPECTED: Record<Stage, { status: string; round: number }> = {
  assigned: { status: 'assigned', round: 1 },
  returned: { status: 'returned', round: 1 },
  reassigned: { status: 'acknowledged', round: 1 },
  acknowledged: { status: 'acknowledged', round: 1 },
  plan_submitted: { status: 'plan_submitted', round: 1 },
  plan_revision: { status: 'plan_revision', round: 1 },
  in_progress: { status: 'in_progress', round: 1 },
  extension_pending: { status: 'in_progress', round: 1 },
  extension_approved: { status: 'in_progress', round: 1 },
  completion_submitted: { status: 'completion_submitted', round: 1 },
  closed: { status: 'closed', round: 1 },
  sent_back: { status: 'acknowledged', round: 2 },
  sent_back_replanned: { status: 'plan_submitted', round: 2 },
  not_feasible: { status: 'closed_not_feasible', round: 1 },
  look_back_confirmed: { status: 'confirmed', round: 1 },
  look_back_relapsed: { status: 'acknowledged', round: 2 },
};

/** Whether the listing's deadlines put the item's running deadline in the past. */
const late = (l: DemoListing): boolean =>
  (l.stage === 'assigned' && l.deadlines?.acknowledgeHoursAgo !== undefined) ||
  (l.stage === 'acknowledged' && l.deadlines?.planHoursAgo !== undefined) ||
  (l.stage === 'in_progress' && l.deadlines?.rectifyEndedDaysAgo !== undefined);

/** Committee staff of the city committee, who reads the city campaign and those linked below it. */
const STAFF = 'wang.staff';

/**
 * The demo campaign (Zhengzhou's 2024 elderly-care linked supervision) loaded through the API
 * into a worker and an API of the test's own, checked through the API, and loaded again. Its
 * own database, as on a first `npm start`: other tests hand off items that merely name the
 * demo's campaign as their source, and those would count in its lists. As on `npm start`, the
 * administrators exist before the load; the loader registers everyone else, opens their
 * accounts and signs in as each person who acts. Access tokens here live a minute, so the
 * loader's sessions are refreshed during the load.
 */
describe('the demo data', () => {
  const database = `demo_${randomUUID().replaceAll('-', '')}`;
  let admin: DataSource;
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let dataSource: DataSource;
  let baseUrl: string;
  let first: DemoSummary;
  let evidenceDir: string | undefined;

  const tokens = new Map<string, string>();
  const login = async (username: string, password = DEMO_PASSWORD) => {
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: response.status, body: (await response.json()) as { accessToken: string } };
  };
  /** A GET signed in as `as` (a fresh sign-in once the token nears its minute). */
  const answer = async (path: string, as: string) => {
    let token = tokens.get(as);
    if (!token) {
      const signedIn = await login(as);
      expect([as, signedIn.status]).toEqual([as, 200]);
      token = signedIn.body.accessToken;
      tokens.set(as, token);
      setTimeout(() => tokens.delete(as), 30_000).unref();
    }
    return fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  };
  const get = async <T>(path: string, as = STAFF): Promise<T> => {
    const response = await answer(path, as);
    expect([path, response.status]).toEqual([path, 200]);
    return (await response.json()) as T;
  };
  const allItems = async (): Promise<Item[]> => {
    const items: Item[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await get<{ items: Item[] }>(
        `/campaigns/${DEMO_CAMPAIGN_ID}/dynamic-list?limit=200&offset=${offset}`,
      );
      items.push(...page.items);
      if (page.items.length < 200) return items;
    }
  };
  /** Every row of a paged list, 200 at a time. */
  const all = <T>(path: string, as = STAFF): Promise<T[]> =>
    allPages((limit, offset) => get<Page<T>>(`${path}?limit=${limit}&offset=${offset}`, as));
  /** A campaign's findings, read by committee staff of its own congress. */
  const findingsOf = (campaignId: string, as = STAFF) =>
    all<{ id: string; title: string; status: string; itemId: string | null }>(`/campaigns/${campaignId}/findings`, as);

  /** Rows per table that the demo writes to, and the actions people took. */
  const footprint = async (): Promise<Record<string, number>> => {
    const tree = `${DEMO_CAMPAIGN_ID}%`;
    const [row] = await dataSource.query<Record<string, number>[]>(
      `SELECT
        (SELECT count(*)::int FROM org_unit WHERE id = ANY($2)) AS units,
        (SELECT count(*)::int FROM person WHERE id = ANY($3)) AS people,
        (SELECT count(*)::int FROM account WHERE person_id = ANY($3) AND username = person_id) AS accounts,
        (SELECT count(*)::int FROM person WHERE id = ANY($3) AND cardinality(roles) > 0) AS "withRoles",
        (SELECT count(*)::int FROM campaign WHERE root_campaign_id = $1) AS campaigns,
        (SELECT count(*)::int FROM checklist_item WHERE campaign_id = $1) AS checklist,
        (SELECT count(*)::int FROM inspection_group WHERE campaign_id LIKE $4) AS groups,
        (SELECT count(*)::int FROM inspection_activity WHERE campaign_id LIKE $4) AS activities,
        (SELECT count(*)::int FROM questionnaire_import WHERE activity_id LIKE $4) AS imports,
        (SELECT coalesce(sum(count), 0)::int FROM questionnaire_tally WHERE activity_id LIKE $4) AS answers,
        (SELECT count(*)::int FROM finding WHERE campaign_id LIKE $4) AS findings,
        (SELECT count(*)::int FROM inquiry_question WHERE campaign_id LIKE $4) AS questions,
        (SELECT count(*)::int FROM campaign_target WHERE campaign_id LIKE $4) AS targets,
        (SELECT count(*)::int FROM target_report WHERE campaign_id LIKE $4) AS reports,
        (SELECT count(*)::int FROM look_back_selection WHERE campaign_id LIKE $4) AS look_back,
        (SELECT count(*)::int FROM list_snapshot WHERE campaign_id LIKE $4) AS snapshots,
        (SELECT count(*)::int FROM rectification_item WHERE root_campaign_id = $1) AS items,
        (SELECT count(*)::int FROM rectification_round WHERE item_id LIKE $4) AS rounds,
        (SELECT count(*)::int FROM event_log
          WHERE (stream LIKE 'rectification/' || $4 OR stream LIKE 'campaign/' || $4)
            AND data->'actor' IS NOT NULL AND data->'actor' <> 'null'::jsonb) AS actions`,
      [DEMO_CAMPAIGN_ID, demoUnits().map((u) => u.id), demoPeople().map((p) => p.id), tree],
    );
    return row;
  };

  beforeAll(async () => {
    admin = await openDatabase(testEnv('databaseUrl'));
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(testEnv('databaseUrl'));
    url.pathname = `/${database}`;
    evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'demo-evidence-'));
    const config = testConfig({
      DATABASE_URL: url.toString(),
      AUTH_TOKEN_TTL_SECONDS: '60',
      EVIDENCE_DIR: evidenceDir,
    });
    worker = await startWorker(config);
    api = await startApi(config);
    dataSource = worker.get(DataSource);
    // What `npm start` does after the migrations.
    await ensureAdministrators(api.get(IdentityService), DEMO_PASSWORD);
    baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.destroy();
    if (evidenceDir) await rm(evidenceDir, { recursive: true, force: true });
  });

  it('loads the campaign through the API, with one sign-in per person', async () => {
    first = await loadDemo({ baseUrl });
    expect(first).toMatchObject({ campaignId: DEMO_CAMPAIGN_ID, alreadyLoaded: false, warnings: [], snapshot: {} });
    // The summary counts whole lists, not their first pages.
    expect(first).toMatchObject({
      checklistItems: 120,
      groups: GROUPS.length,
      inquiryQuestions: INQUIRY.length,
      targets: CITY_TARGETS.length,
    });
    expect(Object.values(first.activities).reduce((n, k) => n + k, 0)).toBe(ACTIVITIES.length);
    expect(Object.values(first.findings).reduce((n, k) => n + k, 0)).toBe(CITY_FINDINGS.length);
    expect(first.created).toBeGreaterThan(500);
    // How long it took is printed, not asserted: speed is measured in benchmarks, not in tests.
    console.log(`demo data: loaded in ${first.seconds.toFixed(1)} s over ${first.requests} requests`);
    // One sign-in per person who acts (and the two administrators), not one per request.
    expect(first.signIns).toBeLessThanOrEqual(demoPeople().length + 2);
    expect(first.requests).toBeGreaterThan(10 * first.signIns);
  }, 300_000);

  it('opens an account for every demo person, with the roles the security administrator granted', async () => {
    expect(await footprint()).toMatchObject({ accounts: demoPeople().length, withRoles: demoPeople().length });
    const me = await login('zheng.civil-head');
    expect(me.status).toBe(200);
    const who = await fetch(`${baseUrl}/auth/me`, { headers: { authorization: `Bearer ${me.body.accessToken}` } });
    expect(await who.json()).toMatchObject({
      personId: 'zheng.civil-head',
      unitId: 'zz-civil',
      roles: ['department_leader'],
      adminRole: null,
    });
    // A department sees its own items, not the committee's inspection records.
    const items = await get<{ items: { leadDepartmentId: string; coDepartmentIds: string[] }[] }>(
      '/rectification-items?limit=200',
      'zhang.civil',
    );
    expect(items.items.length).toBeGreaterThan(0);
    for (const i of items.items) expect([i.leadDepartmentId, ...i.coDepartmentIds]).toContain('zz-civil');
    expect((await answer(`/campaigns/${DEMO_CAMPAIGN_ID}/findings`, 'zhang.civil')).status).toBe(404);
    // Administrators register people; they do not act on supervision business.
    const admin = await login('sysadmin');
    expect(admin.status).toBe(200);
    const refused = await fetch(`${baseUrl}/campaigns/${DEMO_CAMPAIGN_ID}`, {
      headers: { authorization: `Bearer ${admin.body.accessToken}` },
    });
    expect(refused.status).toBe(403);
  });

  it('links 16 campaigns and inspects with 120 checklist items, 7 groups and the activities of the source', async () => {
    const campaign = await get<{ phase: string; legalBasis: string; linked: { id: string; level: string }[] }>(
      `/campaigns/${DEMO_CAMPAIGN_ID}`,
    );
    expect(campaign).toMatchObject({ phase: 'rectification', legalBasis: '《河南省养老服务条例》' });
    expect(campaign.linked.map((c) => c.id).sort()).toEqual(DISTRICTS.map((d) => linkedCampaignId(d.key)).sort());
    expect(new Set(campaign.linked.map((c) => c.level))).toEqual(new Set(['county']));

    const checklistItems = await all<{ id: string; focalPointNo: number; itemNo: number; groupId: string | null }>(
      `/campaigns/${DEMO_CAMPAIGN_ID}/checklist`,
    );
    expect(new Set(checklistItems.map((i) => i.focalPointNo)).size).toBe(20);
    expect(checklistItems).toHaveLength(120);
    expect(checklistItems.every((i) => i.groupId !== null)).toBe(true);
    // A page at a time, by focal point and item number: past the first page of 50, in order still.
    const order = checklistItems.map((i) => i.focalPointNo * 1000 + i.itemNo);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const page = await get<{ total: number; items: unknown[] }>(
      `/campaigns/${DEMO_CAMPAIGN_ID}/checklist?limit=10&offset=115`,
    );
    expect(page).toEqual({ total: 120, items: checklistItems.slice(115), limit: 10, offset: 115 });
    // Linked campaigns inspect against the city's list.
    const linkedList = await get<{ total: number; items: { ownerCampaignId: string }[] }>(
      `/campaigns/${linkedCampaignId('jinshui')}/checklist?limit=1`,
      'jinshui.staff',
    );
    expect(linkedList.total).toBe(120);
    expect(linkedList.items[0].ownerCampaignId).toBe(DEMO_CAMPAIGN_ID);

    const groups = await all<{ id: string; memberIds: string[]; districtIds: string[]; deputyNames: string[] }>(
      `/campaigns/${DEMO_CAMPAIGN_ID}/groups`,
    );
    expect(groups).toHaveLength(7);
    // Between them the groups go to every district, county and zone.
    for (const d of DISTRICTS)
      expect([d.key, groups.some((g) => g.districtIds.includes(d.key))]).toEqual([d.key, true]);
    expect(groups.reduce((n, g) => n + g.deputyNames.length, 0)).toBeGreaterThanOrEqual(100);
    for (const g of groups) {
      expect(g.memberIds.length).toBeGreaterThanOrEqual(2);
      expect(checklistItems.some((i) => i.groupId === g.id)).toBe(true);
    }

    const activities = await all<{ kind: string; unitId: string | null }>(`/campaigns/${DEMO_CAMPAIGN_ID}/activities`);
    const kinds = (k: string) => activities.filter((a) => a.kind === k);
    const hearings = [...kinds('written_report'), ...kinds('onsite_report')];
    expect(hearings.length).toBeGreaterThanOrEqual(27);
    expect(new Set(hearings.map((h) => h.unitId)).size).toBe(DEPARTMENTS.length);
    expect(kinds('site_visit')).toHaveLength(32);
    expect(kinds('spot_check').length).toBeGreaterThan(0);
    expect(kinds('unannounced_visit').length).toBeGreaterThan(0);
    expect(kinds('questionnaire')).toHaveLength(1);
    expect(activities).toHaveLength(ACTIVITIES.length);
  });

  it('counted the questionnaire, batch by batch, into the tallies the answers make', async () => {
    const path = `/campaigns/${DEMO_CAMPAIGN_ID}/activities`;
    const [questionnaire] = (await get<{ items: { id: string; kind: string }[] }>(`${path}?kind=questionnaire`)).items;
    const tallies = await get<{
      respondents: number;
      answers: number;
      batches: number;
      questions: { question: string; total: number; answers: { answer: string; count: number }[] }[];
    }>(`${path}/${encodeURIComponent(questionnaire.id)}/answers`);
    const expected = new Map<string, number>();
    for (let b = 1; b <= QUESTIONNAIRE_BATCHES; b += 1) {
      for (const a of questionnaireBatch(b)) {
        const key = `${a.question}\u0000${a.answer}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const sheets = QUESTIONNAIRE_BATCHES * SHEETS_PER_BATCH;
    expect(sheets).toBeGreaterThan(10_000);
    expect(tallies).toMatchObject({
      respondents: sheets,
      answers: sheets * QUESTIONS.length,
      batches: QUESTIONNAIRE_BATCHES,
    });
    expect(tallies.questions).toHaveLength(QUESTIONS.length);
    for (const q of tallies.questions) {
      expect(q.total).toBe(sheets);
      for (const a of q.answers) expect(a.count).toBe(expected.get(`${q.question}\u0000${a.answer}`));
    }
  });

  it('leaves findings merged, dismissed and listed, and every item at its intended stage', async () => {
    const city = await findingsOf(DEMO_CAMPAIGN_ID);
    const byTitle = new Map(city.map((f) => [f.title, f]));
    const statusOf = (title: string) => byTitle.get(title)?.status;
    for (const f of CITY_FINDINGS) {
      const d = f.decision;
      expect([f.key, statusOf(f.title)]).toEqual([
        f.key,
        'merge' in d ? 'merged' : 'dismiss' in d ? 'dismissed' : 'handed_off',
      ]);
    }
    const items = new Map((await allItems()).map((i) => [i.itemId, i]));
    const jobs = [
      ...CITY_FINDINGS.flatMap((f) => ('list' in f.decision ? [{ title: f.title, listing: f.decision.list }] : [])).map(
        (j) => ({ ...j, itemId: byTitle.get(j.title)!.itemId! }),
      ),
      ...(
        await Promise.all(
          DISTRICT_LISTS.map(async (l) => {
            const found = await findingsOf(linkedCampaignId(l.district), `${l.district}.staff`);
            return l.findings.map((f) => ({
              title: f.title,
              listing: f.list,
              itemId: found.find((x) => x.title === f.title)!.itemId!,
            }));
          }),
        )
      ).flat(),
    ];
    const seen = new Set<Stage>();
    for (const job of jobs) {
      const item = items.get(job.itemId);
      expect([job.title, item?.status, item?.round]).toEqual([
        job.title,
        EXPECTED[job.listing.stage].status,
        EXPECTED[job.listing.stage].round,
      ]);
      expect(item!.leadDepartmentId).toBe(job.listing.reassignTo ?? job.listing.lead);
      seen.add(job.listing.stage);
      if (job.listing.stage === 'extension_approved') expect(item!.extensionCount).toBe(1);
      if (job.listing.stage === 'extension_pending') {
        const row = await get<Item>(`/rectification-items/${encodeURIComponent(job.itemId)}`);
        expect(row).toMatchObject({ extensionPending: true, extensionCount: 0 });
      }
      if (job.listing.stage === 'in_progress') {
        const row = await get<{ rounds: { reports: unknown[] }[] }>(
          `/rectification-items/${encodeURIComponent(job.itemId)}`,
        );
        expect(row.rounds[0].reports).toHaveLength(job.listing.reports ?? 1);
      }
    }
    // Every stage the loader knows is shown by some item.
    expect(seen.size).toBe(Object.keys(EXPECTED).length);

    // Items handed off late are overdue from the start: red, and first in the dynamic list.
    const lateIds = jobs.filter((j) => late(j.listing)).map((j) => j.itemId);
    expect(lateIds.length).toBeGreaterThan(0);
    await eventually(async () => {
      const all = await allItems();
      for (const id of lateIds) expect([id, all.find((i) => i.itemId === id)?.trafficLight]).toEqual([id, 'red']);
      expect(all[0].trafficLight).toBe('red');
      expect(all.some((i) => i.trafficLight === 'yellow')).toBe(true);
    }, 20_000);
    const page = await get<{ items: Item[] }>(`/campaigns/${DEMO_CAMPAIGN_ID}/dynamic-list?limit=1`);
    expect(page.items[0].trafficLight).toBe('red');
  });

  it('reopens exactly one item at look-back, in a second round', async () => {
    const rows: { campaign_id: string; item_id: string; outcome: string | null }[] = await dataSource.query(
      `SELECT campaign_id, item_id, outcome FROM look_back_selection WHERE campaign_id LIKE $1`,
      [`${DEMO_CAMPAIGN_ID}%`],
    );
    const relapsed = rows.filter((r) => r.outcome === 'relapsed');
    expect(relapsed).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === 'confirmed').length).toBeGreaterThan(0);
    const campaign = await get<{ phase: string }>(`/campaigns/${relapsed[0].campaign_id}`);
    expect(campaign.phase).toBe('look_back');
    const item = await get<{ status: string; round: number; rounds: { reason: string; lookBack: unknown }[] }>(
      `/rectification-items/${encodeURIComponent(relapsed[0].item_id)}`,
    );
    expect(item).toMatchObject({ status: 'acknowledged', round: 2 });
    expect(item.rounds.map((r) => r.reason)).toEqual(['hand_off', 'relapsed']);
    expect(item.rounds[0].lookBack).toMatchObject({ kind: 'relapsed' });
    const reopenedByLookBack: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM rectification_round WHERE item_id LIKE $1 AND reason = 'relapsed'`,
      [`${DEMO_CAMPAIGN_ID}%`],
    );
    expect(reopenedByLookBack[0].n).toBe(1);
  });

  it('rolls up counts that agree with the items, campaign by campaign and level by level', async () => {
    const count = (items: Item[]): Counts => ({
      total: items.length,
      open: items.filter((i) => !['closed', 'confirmed', 'closed_not_feasible'].includes(i.status)).length,
      overdue: items.filter((i) => i.trafficLight === 'red').length,
      dueSoon: items.filter((i) => i.trafficLight === 'yellow').length,
      escalated: items.filter((i) => i.escalationLevel !== 'none').length,
      listedSupervision: items.filter((i) => i.escalationLevel === 'listed_supervision').length,
      closed: items.filter((i) => i.status === 'closed').length,
      confirmed: items.filter((i) => i.status === 'confirmed').length,
      notFeasible: items.filter((i) => i.status === 'closed_not_feasible').length,
      reopened: items.filter((i) => i.round > 1).length,
    });
    await eventually(async () => {
      const items = await allItems();
      const { tree, byLevel } = await get<{ tree: Node; byLevel: Record<string, Counts> }>(
        `/campaigns/${DEMO_CAMPAIGN_ID}/roll-up`,
      );
      expect(tree.rolledUp).toEqual(count(items));
      expect(tree.own).toEqual(count(items.filter((i) => i.campaignId === DEMO_CAMPAIGN_ID)));
      expect(tree.linked).toHaveLength(16);
      for (const node of tree.linked)
        expect(node.own).toEqual(count(items.filter((i) => i.campaignId === node.campaignId)));
      expect(byLevel.city).toEqual(count(items.filter((i) => i.campaignLevel === 'city')));
      expect(byLevel.county).toEqual(count(items.filter((i) => i.campaignLevel === 'county')));
      expect(first.rollUp.total).toBe(items.length);
    }, 20_000);
  });

  it('has the inquiry with its commitments, the outcome targets and a snapshot of the dynamic list', async () => {
    const questions = await all<{ id: string; answer: string | null; commitmentItemId: string | null }>(
      `/campaigns/${DEMO_CAMPAIGN_ID}/inquiry-questions`,
    );
    expect(questions).toHaveLength(INQUIRY.length);
    const committed = questions.filter((q) => q.commitmentItemId);
    expect(committed).toHaveLength(INQUIRY.filter((q) => q.answer?.commitment).length);
    for (const q of committed) {
      const item = await get<{ itemId: string; campaignId: string }>(
        `/rectification-items/${encodeURIComponent(q.commitmentItemId!)}`,
      );
      expect(item).toMatchObject({ itemId: q.id, campaignId: DEMO_CAMPAIGN_ID });
    }

    const targets = await all<{
      key: string;
      target: number;
      achieved: number;
      rolledUp: { byLevel: { level: string }[] };
    }>(`/campaigns/${DEMO_CAMPAIGN_ID}/targets`);
    expect(targets).toHaveLength(CITY_TARGETS.length);
    for (const t of CITY_TARGETS) {
      const found = targets.find((x) => x.key === t.key);
      expect(found).toMatchObject({ target: t.target, achieved: t.reports.reduce((n, [, v]) => n + v, 0) });
    }
    const meals = targets.find((t) => t.key === 'meal_sites')!;
    expect(meals.rolledUp.byLevel.map((l) => l.level)).toEqual(['city', 'county']);

    const snapshot = await get<Page<unknown>>(`/list-snapshots/${first.snapshot!.snapshotId}`);
    expect(snapshot.total).toBe(first.rollUp.total);
    expect(snapshot).toMatchObject({ limit: 50, offset: 0 });
    expect(snapshot.items.length).toBeGreaterThan(0);
  });

  it('adds nothing when it is loaded again', async () => {
    const before = await footprint();
    expect(before).toMatchObject({
      units: demoUnits().length,
      people: demoPeople().length,
      accounts: demoPeople().length,
      campaigns: 17,
      checklist: FOCAL_POINTS.reduce((n, fp) => n + fp.items.length, 0),
      groups: GROUPS.length,
      snapshots: 1,
    });
    const again = await loadDemo({ baseUrl });
    expect(again).toMatchObject({ alreadyLoaded: true, created: 0, warnings: [], snapshot: null });
    expect(await footprint()).toEqual(before);
  }, 60_000);
});
