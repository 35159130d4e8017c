import type { CampaignPhase } from '@lib/contracts';
import type { Page } from '@lib/database';
import { ADMIN_USERNAMES } from '@lib/identity';
import { FOCAL_POINTS } from './data/checklist';
import { CITY_FINDINGS, DISTRICT_LISTS, type DemoDeadlines, type DemoFinding, type DemoListing } from './data/findings';
import {
  ACTIVITIES,
  GROUPS,
  QUESTIONNAIRE_BATCHES,
  SHEETS_PER_BATCH,
  deputyNames,
  placeIds,
  questionnaireBatch,
  type DemoActivity,
} from './data/inspection';
import {
  CITY_COMMITTEE,
  CITY_GOVERNMENT,
  CITY_STAFF,
  DISTRICTS,
  demoPeople,
  demoUnits,
  dept,
  district,
  districtCongress,
  districtCongressName,
  districtStaff,
  handlerOf,
  type DemoUnit,
} from './data/organisation';
import { CITY_TARGETS, DISTRICT_TARGETS, INQUIRY, SNAPSHOT_LABEL, type DemoTarget } from './data/outcomes';
import { mapLimit, pollUntil } from './flow';
import { DemoApi, DemoRequestError, seg } from './http';
import { lookBackOutcome, stepsTo, type ItemCast, type ItemRow, type ItemStep } from './script';

export const DEMO_CAMPAIGN_ID = 'zz-2024-elderly-care';
export const DEMO_TITLE = '积极应对人口老龄化 加快发展养老服务';
export const DEMO_LEGAL_BASIS = '《河南省养老服务条例》';
/**
 * The password of every demo account, and of the administrators the local stack opens. It meets
 * the password policy; it is public, so it belongs on a local system only.
 */
export const DEMO_PASSWORD = 'Zhengzhou-Demo-2024';

/** The system administrator registers units, people and accounts; the security administrator grants roles. */
const SYSTEM_ADMIN = ADMIN_USERNAMES.system_admin;
const SECURITY_ADMIN = ADMIN_USERNAMES.security_admin;

/** The linked campaign of a district, county or zone. */
export const linkedCampaignId = (districtKey: string): string => `${DEMO_CAMPAIGN_ID}-${districtKey}`;

export interface DemoOptions {
  /** Where the API listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
  /** Requests in flight at once where the order does not matter. */
  concurrency?: number;
  /**
   * The moment activity dates and the late items' deadline instants count from; now by default.
   * Workflows run on real time, so a moment far from now makes lights that tell nothing.
   */
  now?: Date;
  /** How long to wait for a read model to show what a workflow did. */
  waitMs?: number;
  /**
   * The password of the demo people's accounts: opened with it when missing, signed in with it.
   * `DEMO_PASSWORD` by default.
   */
  password?: string;
  /** The administrators' passwords (`sysadmin`, `secadmin`), when not the demo password. */
  adminPasswords?: { system?: string; security?: string };
}

type Counts = Record<string, number>;

export interface DemoSummary {
  campaignId: string;
  /** The campaign was there before this run. */
  alreadyLoaded: boolean;
  /** Records created, accounts opened and actions taken by this run: 0 when everything was there. */
  created: number;
  /** Things the run found moved on (by someone acting on the demo) and left as they were. */
  warnings: string[];
  seconds: number;
  requests: number;
  /** Sign-ins made (each person signs in once, unless a session ended). */
  signIns: number;
  units: number;
  people: number;
  linkedCampaigns: number;
  checklistItems: number;
  groups: number;
  activities: Counts;
  questionnaire: { activityId: string; respondents: number; answers: number; batches: number };
  findings: Counts;
  items: Counts;
  rollUp: Counts;
  inquiryQuestions: number;
  targets: number;
  snapshot: { snapshotId: string; rowCount: number } | null;
  /** Ids worth showing a user, found in what was loaded rather than assumed. */
  examples: { inProgressItem?: string; overdueItem?: string; lookBackCampaign: string; unannouncedVisit?: string };
}

const PHASES: CampaignPhase[] = ['planning', 'inspection', 'inquiry', 'rectification', 'look_back', 'report', 'closed'];

interface CampaignRow {
  id: string;
  phase: CampaignPhase;
  linked?: { id: string }[];
}
interface Finding {
  id: string;
  title: string;
  status: string;
}
interface Activity {
  id: string;
  title: string;
  kind: string;
}
interface Question {
  id: string;
  question: string;
  answer: string | null;
  commitmentItemId: string | null;
}
interface ItemJob {
  itemId: string;
  title: string;
  listing: DemoListing;
  cast: ItemCast;
}

/** A Shanghai calendar date `days` before `now`. */
function dateBefore(now: Date, days: number): string {
  return new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

/** The hand-off policy that gives a listing the deadlines it asks for. */
export function demoPolicy(deadlines: DemoDeadlines | undefined, now: Date): Record<string, unknown> {
  if (!deadlines) return {};
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  return {
    ...(deadlines.acknowledgeHoursAgo !== undefined
      ? { acknowledgeWithin: { at: hoursAgo(deadlines.acknowledgeHoursAgo) } }
      : {}),
    ...(deadlines.acknowledgeSoon ? { acknowledgeWithin: { days: 1, counting: 'working-days' } } : {}),
    ...(deadlines.planHoursAgo !== undefined ? { planWithin: { at: hoursAgo(deadlines.planHoursAgo) } } : {}),
    ...(deadlines.planSoon ? { planWithin: { days: 2, counting: 'working-days' } } : {}),
    ...(deadlines.rectifyEndedDaysAgo !== undefined
      ? { rectifyWithin: { until: dateBefore(now, deadlines.rectifyEndedDaysAgo) } }
      : {}),
  };
}

/**
 * Loads the Zhengzhou elderly-care campaign through the API, as its users would: every record
 * goes through the real validation, workflows and projections. Each step first reads what is
 * there and adds only what is missing, so a second run changes nothing and a run cut short is
 * completed by the next.
 */
export async function loadDemo(options: DemoOptions): Promise<DemoSummary> {
  return new DemoLoader(options).run();
}

class DemoLoader {
  private readonly api: DemoApi;
  private readonly log: (line: string) => void;
  private readonly limit: number;
  private readonly now: Date;
  private readonly waitMs: number;
  private readonly password: string;
  private created = 0;
  private readonly warnings: string[] = [];
  private groupIds = new Map<number, string>();
  private activityIds = new Map<string, string>();
  /** Demo key of a finding → its id, per campaign. */
  private findingIds = new Map<string, string>();

  constructor(options: DemoOptions) {
    this.log = options.log ?? (() => undefined);
    this.password = options.password ?? DEMO_PASSWORD;
    const admins: Record<string, string | undefined> = {
      [SYSTEM_ADMIN]: options.adminPasswords?.system,
      [SECURITY_ADMIN]: options.adminPasswords?.security,
    };
    this.api = new DemoApi(options.baseUrl, (username) => admins[username] ?? this.password, this.log);
    this.limit = options.concurrency ?? 8;
    this.now = options.now ?? new Date();
    this.waitMs = options.waitMs ?? 60_000;
  }

  async run(): Promise<DemoSummary> {
    const started = Date.now();
    // The people come first: the campaign is read, like everything else, by someone signed in.
    await this.organisation();
    const existing = await this.api.call<CampaignRow>('GET', `/campaigns/${DEMO_CAMPAIGN_ID}`, {
      accept: [404],
      as: CITY_STAFF.wang,
    });
    const alreadyLoaded = existing.status === 200;
    this.log(
      alreadyLoaded
        ? `demo: campaign ${DEMO_CAMPAIGN_ID} exists; checking that nothing is missing`
        : `demo: loading campaign ${DEMO_CAMPAIGN_ID} (Zhengzhou elderly-care linked supervision)`,
    );

    await this.campaign();
    await this.linkedCampaigns();
    await this.groupsAndChecklist();
    await this.advance(
      DEMO_CAMPAIGN_ID,
      'inspection',
      CITY_STAFF.wang,
      '动员部署完成，七个专题调研、执法检查组进入检查阶段',
    );
    await mapLimit(DISTRICTS, this.limit, (d) =>
      this.advance(linkedCampaignId(d.key), 'inspection', districtStaff(d.key), '全区（县、市）同步开展联动监督'),
    );
    await this.activities();
    await this.questionnaire();
    await this.cityFindings();
    await mapLimit(DISTRICT_LISTS, this.limit, (list) => this.districtFindings(list.district));
    await this.handOffAll();
    await this.advance(DEMO_CAMPAIGN_ID, 'inquiry', CITY_STAFF.wang, '常委会会议听取审议专项工作报告并开展专题询问');
    const commitments = await this.inquiry();
    await this.items(commitments);
    await this.advance(DEMO_CAMPAIGN_ID, 'rectification', CITY_STAFF.wang, '问题清单转交市政府有关部门研究处理');
    await this.lookBack();
    await this.targets();
    await this.lightsSettled();
    const snapshot = this.created > 0 ? await this.snapshot() : null;
    const summary = await this.summarise(alreadyLoaded, snapshot, started);
    this.log(
      this.created === 0
        ? `demo: already loaded, nothing added (${summary.seconds.toFixed(1)} s)`
        : `demo: ${alreadyLoaded ? 'completed' : 'loaded'} in ${summary.seconds.toFixed(1)} s (${this.created} records and actions)`,
    );
    return summary;
  }

  // ── organisation ──────────────────────────────────────────────────────────────────────
  private async organisation(): Promise<void> {
    const units = demoUnits();
    const depth = (u: DemoUnit): number => {
      const parent = u.parentId ? units.find((p) => p.id === u.parentId) : undefined;
      return parent ? depth(parent) + 1 : 0;
    };
    const waves = new Map<number, DemoUnit[]>();
    for (const u of units) waves.set(depth(u), [...(waves.get(depth(u)) ?? []), u]);
    let added = 0;
    for (const wave of [...waves.keys()].sort((a, b) => a - b).map((k) => waves.get(k)!)) {
      const answers = await mapLimit(wave, this.limit, (u) =>
        this.api.call('POST', '/org-units', { body: u, accept: [409], as: SYSTEM_ADMIN }),
      );
      added += answers.filter((a) => a.status === 201).length;
    }
    const accounts = await this.api.all<{ personId: string | null }>('/accounts', SYSTEM_ADMIN);
    const withAccount = new Set(accounts.map((account) => account.personId));
    const done = await mapLimit(demoPeople(), this.limit, async ({ roles, ...person }) => {
      const registered = await this.api.call('POST', '/people', { body: person, accept: [409], as: SYSTEM_ADMIN });
      // The account comes last, so a person with an account has had their roles granted; a person
      // without one (new, or left so by a run cut short) is granted them now.
      if (withAccount.has(person.id)) return { person: registered.status === 201, account: false };
      await this.api.put(`/people/${seg(person.id)}/roles`, { roles }, SECURITY_ADMIN);
      const opened = await this.api.call('POST', '/accounts', {
        body: { username: person.id, password: this.password, personId: person.id },
        accept: [409],
        as: SYSTEM_ADMIN,
      });
      return { person: registered.status === 201, account: opened.status === 201 };
    });
    const newPeople = done.filter((d) => d.person).length;
    const newAccounts = done.filter((d) => d.account).length;
    this.created += added + newPeople + newAccounts;
    if (added + newPeople + newAccounts > 0) {
      this.log(`demo: ${added} units, ${newPeople} people and ${newAccounts} accounts added`);
    }
  }

  // ── campaigns ─────────────────────────────────────────────────────────────────────────
  private async campaign(): Promise<void> {
    const found = await this.api.call('GET', `/campaigns/${DEMO_CAMPAIGN_ID}`, { accept: [404], as: CITY_STAFF.wang });
    if (found.status === 404) {
      await this.api.post(
        '/campaigns',
        {
          campaignId: DEMO_CAMPAIGN_ID,
          title: DEMO_TITLE,
          level: 'city',
          committeeUnitId: CITY_COMMITTEE,
          jurisdictionUnitId: CITY_GOVERNMENT,
          legalBasis: DEMO_LEGAL_BASIS,
        },
        CITY_STAFF.wang,
      );
      this.created += 1;
    }
    await this.campaignRow(DEMO_CAMPAIGN_ID, CITY_STAFF.wang);
  }

  /** The campaign's row, once the read model has it, as `reader` sees it. */
  private campaignRow(campaignId: string, reader: string): Promise<CampaignRow> {
    return pollUntil(
      `campaign ${campaignId}`,
      async () => {
        const r = await this.api.call<CampaignRow>('GET', `/campaigns/${campaignId}`, { accept: [404], as: reader });
        return r.status === 200 ? r.body : undefined;
      },
      { timeoutMs: this.waitMs },
    );
  }

  private async linkedCampaigns(): Promise<void> {
    const row = await this.campaignRow(DEMO_CAMPAIGN_ID, CITY_STAFF.wang);
    const have = new Set((row.linked ?? []).map((c) => c.id));
    const missing = DISTRICTS.filter((d) => !have.has(linkedCampaignId(d.key)));
    if (missing.length > 0) {
      await this.api.post(
        `/campaigns/${DEMO_CAMPAIGN_ID}/actions/launch-linked`,
        {
          campaigns: missing.map((d) => ({
            campaignId: linkedCampaignId(d.key),
            title: `${d.name}联动监督：${DEMO_TITLE}`,
            organiser: districtCongressName(d),
            committeeUnitId: districtCongress(d.key),
            jurisdictionUnitId: district(d.key),
          })),
        },
        CITY_STAFF.wang,
      );
      this.created += missing.length;
      this.log(`demo: ${missing.length} linked campaigns launched in the districts, counties and zones`);
    }
    await pollUntil(
      'the linked campaigns',
      async () => {
        const r = await this.api.get<CampaignRow>(`/campaigns/${DEMO_CAMPAIGN_ID}`, CITY_STAFF.wang);
        return (r.linked ?? []).length >= DISTRICTS.length ? r : undefined;
      },
      { timeoutMs: this.waitMs },
    );
  }

  /** Advance a campaign, phase by phase, until it is at `target` (never back). */
  private async advance(campaignId: string, target: CampaignPhase, as: string, note: string): Promise<void> {
    let { phase } = await this.campaignRow(campaignId, as);
    while (PHASES.indexOf(phase) < PHASES.indexOf(target)) {
      const view = await this.api.post<{ phase: CampaignPhase }>(
        `/campaigns/${campaignId}/actions/advance-phase`,
        { note },
        as,
      );
      phase = view.phase;
      this.created += 1;
    }
  }

  // ── groups and checklist ──────────────────────────────────────────────────────────────
  private async groupsAndChecklist(): Promise<void> {
    const path = `/campaigns/${DEMO_CAMPAIGN_ID}`;
    const existing = await this.api.all<{ id: string; name: string }>(`${path}/groups`, CITY_STAFF.wang);
    // One at a time, so that G-01 … G-07 follow the groups' own numbering.
    for (const [i, g] of GROUPS.entries()) {
      let id = existing.find((e) => e.name === g.name)?.id;
      if (!id) {
        id = (
          await this.api.post<{ id: string }>(
            `${path}/groups`,
            {
              name: g.name,
              kind: g.kind,
              memberIds: g.memberIds,
              deputyNames: deputyNames(i),
              districtIds: [...g.districts.map(district), ...placeIds(g)],
            },
            CITY_STAFF.wang,
          )
        ).id;
        this.created += 1;
      }
      this.groupIds.set(i + 1, id);
    }
    const checklist = await this.api.get<Page<unknown>>(`${path}/checklist?limit=1`, CITY_STAFF.wang);
    if (checklist.total === 0) {
      await this.api.put(
        `${path}/checklist`,
        {
          focalPoints: FOCAL_POINTS.map((fp, i) => ({
            focalPointNo: i + 1,
            focalPoint: fp.focalPoint,
            items: fp.items.map((content, j) => ({ itemNo: j + 1, content, groupId: this.groupIds.get(fp.group) })),
          })),
        },
        CITY_STAFF.wang,
      );
      this.created += 1;
      this.log(`demo: checklist of ${FOCAL_POINTS.length} focal points and 7 groups in place`);
    }
  }

  // ── inspection activities ─────────────────────────────────────────────────────────────
  /** Who records an activity: an inspector of its group, else the committee's staff. */
  private recorder(group: number | undefined): string {
    return group ? GROUPS[group - 1].memberIds[1] : CITY_STAFF.wang;
  }

  private async activities(): Promise<void> {
    const path = `/campaigns/${DEMO_CAMPAIGN_ID}/activities`;
    const existing = await this.api.all<Activity>(path, CITY_STAFF.wang);
    let added = 0;
    // One at a time, so that the ids (A-001 …) follow the order of the record.
    for (const a of ACTIVITIES) {
      let id = existing.find((e) => e.title === a.title && e.kind === a.kind)?.id;
      if (!id) {
        id = (await this.api.post<{ id: string }>(path, this.activityBody(a), this.recorder(a.group))).id;
        added += 1;
      }
      this.activityIds.set(a.key, id);
    }
    this.created += added;
    if (added > 0) this.log(`demo: ${added} inspection activities recorded`);
  }

  private activityBody(a: DemoActivity): Record<string, unknown> {
    return {
      kind: a.kind,
      title: a.title,
      ...(a.group ? { groupId: this.groupIds.get(a.group) } : {}),
      ...(a.unitId ? { unitId: a.unitId } : {}),
      ...(a.district ? { districtId: district(a.district) } : {}),
      ...(a.location ? { location: a.location } : {}),
      occurredOn: dateBefore(this.now, a.daysAgo),
      ...(a.notes ? { notes: a.notes } : {}),
    };
  }

  private async questionnaire(): Promise<void> {
    const path = `/campaigns/${DEMO_CAMPAIGN_ID}/activities/${seg(this.activityIds.get('Q')!)}/answers`;
    const tallies = await this.api.get<{ batches: number }>(path, CITY_STAFF.wang);
    if (tallies.batches >= QUESTIONNAIRE_BATCHES) return;
    let imported = 0;
    // One batch at a time: the API imports an activity's batches one after another anyway.
    for (let b = 1; b <= QUESTIONNAIRE_BATCHES; b += 1) {
      const r = await this.api.post<{ imported: boolean }>(
        path,
        { batchKey: `online-survey-${b}`, answers: questionnaireBatch(b), respondents: SHEETS_PER_BATCH },
        CITY_STAFF.wang,
      );
      if (r.imported) imported += 1;
    }
    this.created += imported;
    this.log(`demo: questionnaire answers imported (${imported} batches of ${SHEETS_PER_BATCH} answer sheets)`);
  }

  // ── findings and the problem list ─────────────────────────────────────────────────────
  private findingKey = (campaignId: string, key: string): string => `${campaignId}#${key}`;

  /**
   * Record the findings a campaign lacks (by title), in order, and remember every finding's id.
   * `reader` is committee staff of the campaign's own congress, who may read its findings.
   */
  private async recordFindings(
    campaignId: string,
    reader: string,
    findings: { key: string; title: string; body: Record<string, unknown>; as: string }[],
  ): Promise<Finding[]> {
    const existing = await this.api.all<Finding>(`/campaigns/${campaignId}/findings`, reader);
    const rows: Finding[] = [];
    let added = 0;
    for (const f of findings) {
      let row = existing.find((e) => e.title === f.title);
      if (!row) {
        row = await this.api.post<Finding>(`/campaigns/${campaignId}/findings`, { ...f.body, title: f.title }, f.as);
        added += 1;
      }
      this.findingIds.set(this.findingKey(campaignId, f.key), row.id);
      rows.push(row);
    }
    this.created += added;
    if (added > 0) this.log(`demo: ${added} findings recorded in ${campaignId}`);
    return rows;
  }

  private findingBody(
    campaignId: string,
    f: Omit<DemoFinding, 'decision' | 'activity'>,
    activityId: string,
    districtKey?: string,
  ) {
    return {
      activityId,
      ...(f.checklist ? { checklistItemId: f.checklist } : {}),
      description: f.description,
      ...(f.location ? { location: f.location } : {}),
      ...(districtKey ? { districtId: district(districtKey) } : {}),
      evidence: [{ name: '现场照片', uri: `evidence://${campaignId}/${f.key}/photo-1.jpg` }],
      severity: f.severity,
    };
  }

  private listingBody(listing: DemoListing): Record<string, unknown> {
    return {
      leadDepartmentId: listing.lead,
      ...(listing.co ? { coDepartmentIds: listing.co } : {}),
      policy: demoPolicy(listing.deadlines, this.now),
    };
  }

  private async cityFindings(): Promise<void> {
    const activityOf = new Map(ACTIVITIES.map((a) => [a.key, a]));
    const rows = await this.recordFindings(
      DEMO_CAMPAIGN_ID,
      CITY_STAFF.wang,
      CITY_FINDINGS.map((f) => ({
        key: f.key,
        title: f.title,
        body: this.findingBody(DEMO_CAMPAIGN_ID, f, this.activityIds.get(f.activity)!, f.district),
        as: this.recorder(activityOf.get(f.activity)?.group),
      })),
    );
    const id = (key: string) => this.findingIds.get(this.findingKey(DEMO_CAMPAIGN_ID, key))!;
    const open = CITY_FINDINGS.filter((_, i) => rows[i].status === 'open');
    // Listed first: a duplicate merges into a finding that stays, listed or open.
    const ordered = [...open.filter((f) => 'list' in f.decision), ...open.filter((f) => !('list' in f.decision))];
    for (const f of ordered) {
      const path = `/findings/${seg(id(f.key))}`;
      const d = f.decision;
      if ('list' in d) await this.api.post(`${path}/list`, this.listingBody(d.list), CITY_STAFF.wang);
      else if ('merge' in d) await this.api.post(`${path}/merge`, { into: id(d.merge) }, CITY_STAFF.wang);
      else await this.api.post(`${path}/dismiss`, { reason: d.dismiss }, CITY_STAFF.wang);
    }
    this.created += ordered.length;
  }

  private async districtFindings(districtKey: string): Promise<void> {
    const list = DISTRICT_LISTS.find((l) => l.district === districtKey)!;
    const campaignId = linkedCampaignId(districtKey);
    const staff = districtStaff(districtKey);
    const activities = await this.api.all<Activity>(`/campaigns/${campaignId}/activities`, staff);
    let visit = activities.find((a) => a.title === list.visit.title)?.id;
    if (!visit) {
      visit = (
        await this.api.post<{ id: string }>(
          `/campaigns/${campaignId}/activities`,
          {
            kind: 'site_visit',
            title: list.visit.title,
            districtId: district(districtKey),
            location: list.visit.location,
            occurredOn: dateBefore(this.now, list.visit.daysAgo),
          },
          staff,
        )
      ).id;
      this.created += 1;
    }
    const rows = await this.recordFindings(
      campaignId,
      staff,
      list.findings.map((f) => ({
        key: f.key,
        title: f.title,
        body: this.findingBody(campaignId, f, visit, districtKey),
        as: staff,
      })),
    );
    for (const [i, f] of list.findings.entries()) {
      if (rows[i].status !== 'open') continue;
      await this.api.post(`/findings/${seg(rows[i].id)}/list`, this.listingBody(f.list), staff);
      this.created += 1;
    }
  }

  /** Hand off every problem list that has listed findings, and wait for their items to be there. */
  private async handOffAll(): Promise<void> {
    const campaigns: [string, string][] = [
      [DEMO_CAMPAIGN_ID, CITY_STAFF.wang],
      ...DISTRICT_LISTS.map((l): [string, string] => [linkedCampaignId(l.district), districtStaff(l.district)]),
    ];
    await mapLimit(campaigns, this.limit, async ([campaignId, staff]) => {
      const listed = await this.api.get<{ total: number }>(
        `/campaigns/${campaignId}/findings?status=listed&limit=1`,
        staff,
      );
      if (listed.total > 0) {
        await this.api.post(`/campaigns/${campaignId}/actions/hand-off`, {}, staff);
        this.created += 1;
        this.log(`demo: problem list of ${campaignId} handed off (${listed.total} items)`);
      }
      await pollUntil(
        `the items handed off by ${campaignId}`,
        async () => {
          const [left, handed, items] = await Promise.all([
            this.api.get<{ total: number }>(`/campaigns/${campaignId}/findings?status=listed&limit=1`, staff),
            this.api.get<{ total: number }>(`/campaigns/${campaignId}/findings?status=handed_off&limit=1`, staff),
            this.api.get<{ total: number }>(`/rectification-items?campaignId=${campaignId}&limit=1`, staff),
          ]);
          return left.total === 0 && items.total >= handed.total ? true : undefined;
        },
        { timeoutMs: this.waitMs, intervalMs: 200 },
      );
    });
  }

  // ── special inquiry ───────────────────────────────────────────────────────────────────
  /** Questions, answers and commitments; returns the items the commitments started. */
  private async inquiry(): Promise<ItemJob[]> {
    const path = `/campaigns/${DEMO_CAMPAIGN_ID}/inquiry-questions`;
    const existing = await this.api.all<Question>(path, CITY_STAFF.wang);
    const jobs: ItemJob[] = [];
    for (const q of INQUIRY) {
      let row = existing.find((e) => e.question === q.question);
      if (!row) {
        row = await this.api.post<Question>(
          path,
          {
            question: q.question,
            toUnitId: q.toUnitId,
            findingIds: q.findings.map((k) => this.findingIds.get(this.findingKey(DEMO_CAMPAIGN_ID, k))!),
            askedBy: q.askedBy,
          },
          CITY_STAFF.wang,
        );
        this.created += 1;
      }
      const a = q.answer;
      if (a && row.answer === null) {
        row = await this.api.post<Question>(
          `${path}/${seg(row.id)}/answer`,
          {
            answer: a.answer,
            answeredBy: a.answeredBy,
            ...(a.commitment
              ? {
                  commitment: a.commitment.text,
                  commitmentTitle: a.commitment.title,
                  policy: { rectifyWithin: { days: a.commitment.rectifyWithinDays, counting: 'calendar-days' } },
                }
              : {}),
          },
          CITY_STAFF.wang,
        );
        this.created += 1;
      }
      if (a?.commitment && row.commitmentItemId) {
        jobs.push({
          itemId: row.commitmentItemId,
          title: a.commitment.title,
          listing: { lead: q.toUnitId, stage: a.stage ?? 'assigned' },
          cast: { staff: CITY_STAFF.wang, manager: CITY_STAFF.director },
        });
      }
    }
    for (const job of jobs) await this.itemRow(job.itemId);
    return jobs;
  }

  private itemRow(itemId: string): Promise<ItemRow> {
    return pollUntil(
      `item ${itemId}`,
      async () => {
        const r = await this.api.call<ItemRow>('GET', `/rectification-items/${seg(itemId)}`, {
          accept: [404],
          as: CITY_STAFF.wang,
        });
        return r.status === 200 ? r.body : undefined;
      },
      { timeoutMs: this.waitMs },
    );
  }

  // ── rectification items ───────────────────────────────────────────────────────────────
  private itemJobs(commitments: ItemJob[]): ItemJob[] {
    const activityOf = new Map(ACTIVITIES.map((a) => [a.key, a]));
    const city = CITY_FINDINGS.flatMap((f): ItemJob[] => {
      if (!('list' in f.decision)) return [];
      const group = activityOf.get(f.activity)?.group;
      return [
        {
          itemId: this.findingIds.get(this.findingKey(DEMO_CAMPAIGN_ID, f.key))!,
          title: f.title,
          listing: f.decision.list,
          // The staff member of the group that found it follows it up.
          cast: { staff: group ? GROUPS[group - 1].memberIds[0] : CITY_STAFF.wang, manager: CITY_STAFF.director },
        },
      ];
    });
    const districts = DISTRICT_LISTS.flatMap((l) =>
      l.findings.map((f): ItemJob => ({
        itemId: this.findingIds.get(this.findingKey(linkedCampaignId(l.district), f.key))!,
        title: f.title,
        listing: f.list,
        cast: { staff: districtStaff(l.district), manager: CITY_STAFF.director },
      })),
    );
    return [...city, ...districts, ...commitments];
  }

  private async items(commitments: ItemJob[]): Promise<void> {
    const jobs = this.itemJobs(commitments);
    const done = await mapLimit(jobs, this.limit, (job) => this.driveItem(job));
    const actions = done.reduce((n, d) => n + d, 0);
    this.created += actions;
    if (actions > 0) this.log(`demo: ${jobs.length} items taken through ${actions} actions`);
  }

  /** Take the actions an item still lacks; returns how many it took. */
  private async driveItem(job: ItemJob): Promise<number> {
    const steps = stepsTo(job.itemId, job.title, job.listing, job.cast);
    if (steps.length === 0) return 0;
    const events = await this.api.all<{ actor: unknown }>(
      `/rectification-items/${seg(job.itemId)}/events`,
      job.cast.staff,
    );
    const taken = events.filter((e) => e.actor !== null && e.actor !== undefined).length;
    let row: ItemRow | undefined;
    let n = 0;
    for (const [index, step] of steps.entries()) {
      if (index < taken) continue;
      row = await this.act(job.itemId, step, index, row);
      if (!row) return n;
      n += 1;
    }
    return n;
  }

  private async act(
    itemId: string,
    step: ItemStep,
    index: number,
    previous: ItemRow | undefined,
  ): Promise<ItemRow | undefined> {
    let body =
      typeof step.body === 'function'
        ? step.body(previous ?? (await this.api.get<ItemRow>(`/rectification-items/${seg(itemId)}`, step.as)))
        : step.body;
    if (step.evidence) body = { ...body, evidence: await this.uploadEvidence(itemId, step, index) };
    try {
      return await this.api.post<ItemRow>(`/rectification-items/${seg(itemId)}/actions/${step.action}`, body, step.as);
    } catch (error) {
      // Someone acted on the demo since it was loaded: leave the item where they took it.
      if (error instanceof DemoRequestError && error.status === 409) {
        this.warnings.push(`${itemId}: ${step.action} refused (${error.code}); left as it is`);
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Upload the files a step cites, as its actor; the answer is the step's `evidence`. The
   * idempotency key names the step, so a run cut short between upload and action finds the
   * files it uploaded instead of adding them again.
   */
  private async uploadEvidence(
    itemId: string,
    step: ItemStep,
    index: number,
  ): Promise<{ name: string; uri: string }[]> {
    const refs: { name: string; uri: string }[] = [];
    for (const file of step.evidence ?? []) {
      const query = new URLSearchParams({ fileName: file.fileName });
      const uploaded = await this.api.call<{ uri: string }>(
        'POST',
        `/rectification-items/${seg(itemId)}/evidence?${query.toString()}`,
        {
          as: step.as,
          file: { content: file.content, contentType: file.contentType },
          idempotencyKey: `demo-step-${index}-${file.fileName}`,
        },
      );
      refs.push({ name: file.name, uri: uploaded.body.uri });
    }
    return refs;
  }

  // ── look-back (回头看) in a linked campaign ───────────────────────────────────────────
  private async lookBack(): Promise<void> {
    for (const list of DISTRICT_LISTS.filter((l) => l.lookBack)) {
      const campaignId = linkedCampaignId(list.district);
      const staff = districtStaff(list.district);
      const outcomes = list.findings.flatMap((f) => {
        const outcome = lookBackOutcome(f.list.stage);
        const itemId = this.findingIds.get(this.findingKey(campaignId, f.key))!;
        return outcome ? [{ itemId, outcome }] : [];
      });
      await this.advance(campaignId, 'look_back', staff, '整改阶段结束，开展“回头看”');
      type Selection = { total: number; items: { itemId: string; outcome: string | null }[] };
      const selected = () => this.api.get<Selection>(`/campaigns/${campaignId}/look-back?limit=200`, staff);
      let selection = (await selected()).items;
      if (selection.length === 0) {
        await this.api.post(`/campaigns/${campaignId}/actions/start-look-back`, {}, staff);
        this.created += 1;
        selection = (await selected()).items;
      }
      let recorded = 0;
      for (const { itemId, outcome } of outcomes) {
        const selected = selection.find((s) => s.itemId === itemId);
        if (!selected) {
          this.warnings.push(`${itemId}: not selected for the look-back of ${campaignId}`);
          continue;
        }
        if (selected.outcome !== null) continue;
        await this.api.post(
          `/campaigns/${campaignId}/look-back/${seg(itemId)}`,
          {
            outcome,
            findings:
              outcome === 'relapsed'
                ? '回头看复查发现问题反弹：灭火器再次过期未更换，日常巡查流于形式'
                : '回头看复查：价格和补贴标准已在显著位置公示，整改成果巩固',
          },
          staff,
        );
        this.created += 1;
        recorded += 1;
      }
      if (recorded > 0) this.log(`demo: look-back in ${campaignId}: ${recorded} outcomes recorded`);
    }
  }

  // ── outcome targets ───────────────────────────────────────────────────────────────────
  private async targets(): Promise<void> {
    const sets: [string, string, DemoTarget[]][] = [
      [DEMO_CAMPAIGN_ID, CITY_STAFF.wang, CITY_TARGETS],
      ...DISTRICT_TARGETS.map((t): [string, string, DemoTarget[]] => [
        linkedCampaignId(t.district),
        districtStaff(t.district),
        [t.target],
      ]),
    ];
    await mapLimit(sets, this.limit, async ([campaignId, staff, targets]) => {
      const path = `/campaigns/${campaignId}/targets`;
      const existing = await this.api.all<{ key: string; reports: { departmentId: string }[] }>(path, staff);
      for (const t of targets) {
        const found = existing.find((e) => e.key === t.key);
        if (!found) {
          await this.api.put(`${path}/${t.key}`, { label: t.label, unit: t.unit, target: t.target }, staff);
          this.created += 1;
        }
        for (const [unitId, value] of t.reports) {
          if (found?.reports.some((r) => r.departmentId === unitId)) continue;
          await this.api.post(`${path}/${t.key}/reports`, { value }, handlerOf(unitId));
          this.created += 1;
        }
      }
    });
  }

  /** Wait until the items handed off already late show red, so that the summary counts them. */
  private async lightsSettled(): Promise<void> {
    const late = (d: DemoDeadlines | undefined, stage: string): boolean =>
      (stage === 'assigned' && d?.acknowledgeHoursAgo !== undefined) ||
      (stage === 'acknowledged' && d?.planHoursAgo !== undefined) ||
      (stage === 'in_progress' && d?.rectifyEndedDaysAgo !== undefined);
    const expected =
      CITY_FINDINGS.filter((f) => 'list' in f.decision && late(f.decision.list.deadlines, f.decision.list.stage))
        .length + DISTRICT_LISTS.flatMap((l) => l.findings).filter((f) => late(f.list.deadlines, f.list.stage)).length;
    await pollUntil(
      'the overdue items to show red',
      async () => {
        const r = await this.api.get<{ tree: { rolledUp: { overdue: number } } }>(
          `/campaigns/${DEMO_CAMPAIGN_ID}/roll-up`,
          CITY_STAFF.wang,
        );
        return r.tree.rolledUp.overdue >= expected ? true : undefined;
      },
      { timeoutMs: this.waitMs },
    );
  }

  private async snapshot(): Promise<{ snapshotId: string; rowCount: number }> {
    const taken = await this.api.post<{ snapshotId: string; rowCount: number }>(
      `/campaigns/${DEMO_CAMPAIGN_ID}/snapshots`,
      { label: SNAPSHOT_LABEL },
      CITY_STAFF.wang,
    );
    this.created += 1;
    return taken;
  }

  // ── summary ───────────────────────────────────────────────────────────────────────────
  private async summarise(
    alreadyLoaded: boolean,
    snapshot: DemoSummary['snapshot'],
    started: number,
  ): Promise<DemoSummary> {
    const path = `/campaigns/${DEMO_CAMPAIGN_ID}`;
    const reader = CITY_STAFF.wang;
    const [campaign, checklist, groups, activities, findings, questions, targets, rollUp] = await Promise.all([
      this.api.get<CampaignRow>(path, reader),
      this.api.get<Page<unknown>>(`${path}/checklist?limit=1`, reader),
      this.api.get<Page<unknown>>(`${path}/groups?limit=1`, reader),
      this.api.all<Activity>(`${path}/activities`, reader),
      this.api.all<Finding>(`${path}/findings`, reader),
      this.api.get<Page<unknown>>(`${path}/inquiry-questions?limit=1`, reader),
      this.api.get<Page<unknown>>(`${path}/targets?limit=1`, reader),
      this.api.get<{ tree: { rolledUp: Counts } }>(`${path}/roll-up`, reader),
    ]);
    const questionnaire = await this.api.get<{
      activityId: string;
      respondents: number;
      answers: number;
      batches: number;
    }>(`${path}/activities/${seg(this.activityIds.get('Q')!)}/answers`, reader);
    const items: { itemId: string; status: string; trafficLight: string; leadDepartmentId: string }[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await this.api.get<{ items: typeof items }>(
        `${path}/dynamic-list?limit=200&offset=${offset}`,
        reader,
      );
      items.push(...page.items);
      if (page.items.length < 200) break;
    }
    const tally = <T>(rows: T[], key: (r: T) => string): Counts =>
      rows.reduce<Counts>((c, r) => ({ ...c, [key(r)]: (c[key(r)] ?? 0) + 1 }), {});
    const people = demoPeople();
    return {
      campaignId: DEMO_CAMPAIGN_ID,
      alreadyLoaded,
      created: this.created,
      warnings: this.warnings,
      seconds: (Date.now() - started) / 1000,
      requests: this.api.requests,
      signIns: this.api.signIns,
      units: demoUnits().length,
      people: people.length,
      linkedCampaigns: (campaign.linked ?? []).length,
      checklistItems: checklist.total,
      groups: groups.total,
      activities: tally(activities, (a) => a.kind),
      questionnaire,
      findings: tally(findings, (f) => f.status),
      items: tally(items, (i) => i.status),
      rollUp: rollUp.tree.rolledUp,
      inquiryQuestions: questions.total,
      targets: targets.total,
      snapshot,
      examples: {
        inProgressItem: items.find((i) => i.status === 'in_progress' && i.leadDepartmentId === dept('civil'))?.itemId,
        overdueItem: items.find((i) => i.trafficLight === 'red')?.itemId,
        lookBackCampaign: linkedCampaignId(DISTRICT_LISTS.find((l) => l.lookBack)?.district ?? DISTRICTS[0].key),
        unannouncedVisit: activities.find((a) => a.kind === 'unannounced_visit')?.id,
      },
    };
  }
}
