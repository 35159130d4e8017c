import type { CampaignStanding } from '@lib/access';
import type { AdminRole } from '@lib/contracts';
import { totpCode, totpStep } from '@lib/identity';
import { samples } from '../../libs/evidence/src/evidence-samples';
import { TEST_PASSWORD } from './auth';

/**
 * The access matrix: every route of the API, who may call it, and what the answer must be for
 * each caller. Routes are rows, callers are columns; the runner (test/access-matrix.e2e-spec.ts)
 * sends each cell as a real request against a world built over HTTP and compares.
 *
 * A cell's outcome is one of:
 * - `allow`: the request got past every access decision (2xx, or a 4xx that is not one: a
 *   validation error or a refusal because of the resource's state);
 * - `unauthenticated`: 401, nobody signed in;
 * - `forbidden`: 403, the caller may know the resource but not do this;
 * - `hidden`: 404 with the resource's own NOT_FOUND code, exactly as if it did not exist.
 */
export type Outcome = 'allow' | 'unauthenticated' | 'forbidden' | 'hidden';

/**
 * The two places the matrix is asked about: the city campaign (and its item, finding,
 * snapshot…) and a district campaign linked below it (三级联动) with its own.
 */
export type SubjectName = 'city' | 'district';
export const SUBJECTS: SubjectName[] = ['city', 'district'];

/** How a business caller stands towards one subject: its campaign and its rectification item. */
export interface Relation {
  /** The standing the campaign grants (own congress, a congress above it, a government unit in it), or none. */
  campaign: CampaignStanding | null;
  /** The item's lead or co-operating department, or a congress overseeing it (directly or from above), or none. */
  item: 'department' | 'oversight' | null;
  /** Committee staff of the committee that runs the campaign and supervises the item. */
  runs?: boolean;
  /** An inspector in the group that did the campaign's inspection work. */
  inspects?: boolean;
  /**
   * Committee staff of the committee the body names (or sitting at its congress itself): they may
   * launch campaigns and hand items off in that committee's name.
   */
  opens?: boolean;
}

export interface Caller {
  /** Short column name. */
  key: string;
  label: string;
  admin?: AdminRole;
  /** A person of the world, by short name (see the world's `people`). */
  person?: string;
  /** Holds a department role (handler or leader). */
  department?: boolean;
  relations?: Record<SubjectName, Relation>;
}

const none: Relation = { campaign: null, item: null };
const nowhere: Record<SubjectName, Relation> = { city: none, district: none };

/**
 * The callers. Facts about their standing are written here by hand, from the organisation the
 * world builds (see the runner), not computed: the matrix checks the code against them.
 */
export const CALLERS: Caller[] = [
  { key: 'anon', label: 'anonymous' },
  { key: 'sys', label: 'system_admin', admin: 'system_admin' },
  { key: 'sec', label: 'security_admin', admin: 'security_admin' },
  { key: 'aud', label: 'audit_admin', admin: 'audit_admin' },
  {
    key: 'cStf',
    label: 'city committee staff',
    person: 'city-staff',
    relations: {
      city: { campaign: 'own', item: 'oversight', runs: true, opens: true },
      district: { campaign: 'linked', item: 'oversight' },
    },
  },
  {
    key: 'cIns',
    label: 'city inspector (in the group)',
    person: 'city-inspector',
    relations: {
      city: { campaign: 'own', item: 'oversight', inspects: true },
      district: { campaign: 'linked', item: 'oversight' },
    },
  },
  {
    key: 'cMgr',
    label: 'city manager',
    person: 'city-manager',
    relations: {
      city: { campaign: 'own', item: 'oversight' },
      district: { campaign: 'linked', item: 'oversight' },
    },
  },
  {
    key: 'fStf',
    label: 'city finance committee staff (same congress, other committee)',
    person: 'finance-staff',
    relations: {
      city: { campaign: 'own', item: 'oversight' },
      district: { campaign: 'linked', item: 'oversight' },
    },
  },
  {
    key: 'dStf',
    label: 'district A committee staff',
    person: 'da-staff',
    relations: { city: none, district: { campaign: 'own', item: 'oversight', runs: true, opens: true } },
  },
  { key: 'sStf', label: 'district B committee staff (sibling)', person: 'db-staff', relations: nowhere },
  { key: 'oStf', label: 'other city committee staff', person: 'o-staff', relations: nowhere },
  {
    key: 'aHdl',
    label: 'department A handler (lead)',
    person: 'a-handler',
    department: true,
    relations: { city: { campaign: 'participant', item: 'department' }, district: none },
  },
  {
    key: 'aLdr',
    label: 'department A leader (lead)',
    person: 'a-leader',
    department: true,
    relations: { city: { campaign: 'participant', item: 'department' }, district: none },
  },
  {
    key: 'bHdl',
    label: 'department B handler (co-operating)',
    person: 'b-handler',
    department: true,
    relations: { city: { campaign: 'participant', item: 'department' }, district: none },
  },
  {
    key: 'bLdr',
    label: 'department B leader (co-operating)',
    person: 'b-leader',
    department: true,
    relations: { city: { campaign: 'participant', item: 'department' }, district: none },
  },
  { key: 'oHdl', label: 'other city department handler', person: 'o-handler', department: true, relations: nowhere },
  {
    key: 'dHdl',
    label: 'district A bureau handler',
    person: 'da-handler',
    department: true,
    // Inside the city government's jurisdiction, but its district's linked campaign covers it
    // more closely: it takes part there, not also in the city's.
    relations: {
      city: none,
      district: { campaign: 'participant', item: 'department' },
    },
  },
];

/**
 * What a business route asks once the caller is a person: where the resource it names stands
 * towards them (checked by the access guard, 404 when not), then what the service wants of them
 * (403 when not):
 * - `any`: whoever got past the guard;
 * - `runs`: committee staff of the campaign's own committee;
 * - `opens`: committee staff of the committee the body names (or at its congress itself);
 * - `records`: those, or an inspector of the group;
 * - `reports`: a department handler or leader;
 * - `acts`: the item's lead or co-operating department.
 */
export type Rule = 'any' | 'runs' | 'opens' | 'records' | 'reports' | 'acts';
export type Scope = { campaign: CampaignStanding[] } | 'item' | 'none';

export type Audience =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'admin'; roles: AdminRole[] }
  | { kind: 'business'; scope: Scope; rule: Rule };

/** The resources of one subject that requests name. */
export interface Subject {
  name: SubjectName;
  campaignId: string;
  level: 'city' | 'county';
  committeeUnitId: string;
  jurisdictionUnitId: string;
  leadDepartmentId: string;
  /** Local ids within the campaign. */
  groupId: string;
  /** The fields the group was formed with: replacing them with these leaves it as it was. */
  group: object;
  unannouncedVisitId: string;
  questionnaireId: string;
  /** Full ids (`<campaignId>/F-0001`). */
  findingId: string;
  mergeFindingId: string;
  dismissFindingId: string;
  listFindingId: string;
  snapshotId: string;
  targetKey: string;
  questionId: string;
  itemId: string;
  evidenceId: string;
  checklist: object;
  groupChecklistItems: string[];
  /** A campaign in its look-back with an item selected (the city's own look-back campaign), or the subject's. */
  lookBack: { campaignId: string; itemId: string };
}

export interface World {
  units: Record<string, string>;
  subjects: Record<SubjectName, Subject>;
  /** User name of an account only used to sign in and refresh. */
  probeUsername: string;
  /** Account the administrators disable, enable, unlock and cut off. */
  victimAccountId: string;
  /** A person without an account, for `POST /accounts`. */
  accountlessPersonId: string;
  /** A person whose roles the security administrator sets (to what they are). */
  rolesPersonId: string;
}

/** One caller's state across the rows: a unique tag, and what earlier rows handed on. */
export interface CellContext {
  caller: Caller;
  /** Unique per caller and subject: ids of what a cell creates. */
  tag: string;
  refreshToken?: string;
  totpSecret?: string;
}

export interface CellRequest {
  path: string;
  query?: Record<string, string>;
  body?: object;
  /** Sent as the raw body (an evidence upload). */
  file?: Buffer;
}

export interface Row {
  /** `METHOD /path/:param`, as the Express router has it. */
  route: string;
  audience: Audience;
  subjects: SubjectName[];
  /** Codes an allowed caller may get instead of a 2xx: the resource's state says no, not access. */
  refusals?: string[];
  /** Send with a session of its own, opened for these rows (they end or change the session). */
  freshSession?: boolean;
  request: (w: World, s: Subject, ctx: CellContext) => CellRequest;
  /** What a successful answer hands on to later rows. */
  after?: (body: Record<string, unknown>, ctx: CellContext) => void;
}

/** The outcome a caller must get on a row for a subject. */
export function expectedOutcome(row: Row, caller: Caller, subject: SubjectName): Outcome {
  const audience = row.audience;
  if (audience.kind === 'public') return 'allow';
  if (!caller.admin && !caller.person) return 'unauthenticated';
  if (audience.kind === 'signed-in') return 'allow';
  if (audience.kind === 'admin') return caller.admin && audience.roles.includes(caller.admin) ? 'allow' : 'forbidden';
  if (caller.admin) return 'forbidden'; // administrators stay out of supervision business
  const rel = caller.relations![subject];
  if (audience.scope === 'item' && !rel.item) return 'hidden';
  if (typeof audience.scope === 'object' && (!rel.campaign || !audience.scope.campaign.includes(rel.campaign))) {
    return 'hidden';
  }
  const passes: Record<Rule, boolean> = {
    any: true,
    runs: !!rel.runs,
    opens: !!rel.opens,
    records: !!rel.runs || !!rel.inspects,
    reports: !!caller.department,
    acts: rel.item === 'department',
  };
  return passes[audience.rule] ? 'allow' : 'forbidden';
}

/** The code a route answers with when the resource it names is hidden from the caller. */
export function hidingCode(route: string): string | null {
  if (route.includes(':campaignId')) return 'CAMPAIGN_NOT_FOUND';
  if (route.includes(':findingId')) return 'FINDING_NOT_FOUND';
  if (route.includes(':snapshotId')) return 'SNAPSHOT_NOT_FOUND';
  if (route.includes(':itemId')) return 'ITEM_NOT_FOUND';
  return null;
}

/** What an answer means for access; anything else (5xx, an odd 404) is `unexpected …`. */
export function classify(route: string, status: number, code: string | undefined): string {
  if (status >= 200 && status < 300) return 'allow';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404 && code && code === hidingCode(route)) return 'hidden';
  if (status >= 400 && status < 500 && status !== 404) return 'allow';
  if (status === 404 && code && !code.endsWith('_NOT_FOUND')) return 'allow'; // a state: not selected for look-back
  return `unexpected ${status} ${code ?? ''}`.trim();
}

const BOTH = SUBJECTS;
const CITY: SubjectName[] = ['city'];
const pub: Audience = { kind: 'public' };
const signedIn: Audience = { kind: 'signed-in' };
const admin = (...roles: AdminRole[]): Audience => ({ kind: 'admin', roles });
const business = (scope: Scope, rule: Rule): Audience => ({ kind: 'business', scope, rule });
const e = encodeURIComponent;
const campaign = (s: Subject, rest = '') => `/campaigns/${s.campaignId}${rest}`;
const item = (s: Subject, rest = '') => `/rectification-items/${e(s.itemId)}${rest}`;
const NEW_PASSWORD = 'Changed-Password-2026!';

/** A row about a campaign (or one of its records): asked for both subjects. */
function onCampaign(
  route: string,
  standings: CampaignStanding[],
  rule: Rule,
  request: Row['request'],
  refusals?: string[],
): Row {
  return { route, audience: business({ campaign: standings }, rule), subjects: BOTH, request, refusals };
}

function onItem(route: string, rule: Rule, request: Row['request']): Row {
  return { route, audience: business('item', rule), subjects: BOTH, request };
}

/**
 * Every route, in the order the runner sends them: reads and writes that leave the shared world
 * as it was, then the rows that change the callers' own accounts (TOTP, password, sign-out).
 */
export const ROWS: Row[] = [
  // ── public ──────────────────────────────────────────────────────────────────────────────
  { route: 'GET /health', audience: pub, subjects: CITY, request: () => ({ path: '/health' }) },
  {
    route: 'POST /auth/login',
    audience: pub,
    subjects: CITY,
    request: (w) => ({ path: '/auth/login', body: { username: w.probeUsername, password: TEST_PASSWORD } }),
    after: (body, ctx) => (ctx.refreshToken = body.refreshToken as string),
  },
  {
    route: 'POST /auth/refresh',
    audience: pub,
    subjects: CITY,
    request: (_w, _s, ctx) => ({ path: '/auth/refresh', body: { refreshToken: ctx.refreshToken } }),
  },

  // ── anyone signed in ───────────────────────────────────────────────────────────────────
  { route: 'GET /auth/me', audience: signedIn, subjects: CITY, request: () => ({ path: '/auth/me' }) },
  {
    route: 'GET /org-units/:unitId',
    audience: signedIn,
    subjects: CITY,
    request: (w) => ({ path: `/org-units/${w.units.npc}` }),
  },

  // ── administrators (三员分立) ─────────────────────────────────────────────────────────────
  {
    route: 'GET /accounts',
    audience: admin('system_admin', 'security_admin'),
    subjects: CITY,
    request: () => ({ path: '/accounts' }),
  },
  {
    route: 'GET /accounts/:accountId',
    audience: admin('system_admin', 'security_admin'),
    subjects: CITY,
    request: (w) => ({ path: `/accounts/${w.victimAccountId}` }),
  },
  {
    route: 'POST /accounts',
    audience: admin('system_admin'),
    subjects: CITY,
    request: (w, _s, ctx) => ({
      path: '/accounts',
      body: { username: `acct-${ctx.tag}`, password: TEST_PASSWORD, personId: w.accountlessPersonId },
    }),
  },
  {
    route: 'POST /accounts/:accountId/disable',
    audience: admin('system_admin'),
    subjects: CITY,
    request: (w) => ({ path: `/accounts/${w.victimAccountId}/disable` }),
  },
  {
    route: 'POST /accounts/:accountId/enable',
    audience: admin('system_admin'),
    subjects: CITY,
    request: (w) => ({ path: `/accounts/${w.victimAccountId}/enable` }),
  },
  {
    route: 'POST /accounts/:accountId/unlock',
    audience: admin('security_admin'),
    subjects: CITY,
    request: (w) => ({ path: `/accounts/${w.victimAccountId}/unlock` }),
  },
  {
    route: 'POST /accounts/:accountId/revoke-sessions',
    audience: admin('security_admin'),
    subjects: CITY,
    request: (w) => ({ path: `/accounts/${w.victimAccountId}/revoke-sessions` }),
  },
  {
    route: 'PUT /people/:personId/roles',
    audience: admin('security_admin'),
    subjects: CITY,
    request: (w) => ({ path: `/people/${w.rolesPersonId}/roles`, body: { roles: ['department_handler'] } }),
  },
  {
    route: 'POST /org-units',
    audience: admin('system_admin'),
    subjects: CITY,
    request: (w, _s, ctx) => ({
      path: '/org-units',
      body: { id: `unit-${ctx.tag}`, name: '市医保局', kind: 'department', parentId: w.units.gov },
    }),
  },
  {
    route: 'POST /people',
    audience: admin('system_admin'),
    subjects: CITY,
    request: (w, _s, ctx) => ({
      path: '/people',
      body: { id: `person-${ctx.tag}`, name: '新经办', unitId: w.units.deptA },
    }),
  },
  {
    route: 'POST /working-day-calendar/changes',
    audience: admin('system_admin'),
    subjects: CITY,
    request: () => ({ path: '/working-day-calendar/changes' }),
  },
  { route: 'GET /audit-log', audience: admin('audit_admin'), subjects: CITY, request: () => ({ path: '/audit-log' }) },
  {
    route: 'GET /audit-log/verify',
    audience: admin('audit_admin'),
    subjects: CITY,
    request: () => ({ path: '/audit-log/verify' }),
  },

  // ── campaigns ──────────────────────────────────────────────────────────────────────────
  {
    route: 'GET /campaigns',
    audience: business('none', 'any'),
    subjects: CITY,
    request: () => ({ path: '/campaigns' }),
  },
  {
    // Launching names the committee in the body: staff of its congress may.
    route: 'POST /campaigns',
    audience: business('none', 'opens'),
    subjects: BOTH,
    request: (_w, s, ctx) => ({
      path: '/campaigns',
      body: {
        campaignId: `new-${ctx.tag}`,
        title: '农村饮水安全专项监督',
        level: s.level,
        committeeUnitId: s.committeeUnitId,
        jurisdictionUnitId: s.jurisdictionUnitId,
      },
    }),
  },
  onCampaign('GET /campaigns/:campaignId', ['own', 'linked', 'participant'], 'any', (_w, s) => ({
    path: campaign(s),
  })),
  onCampaign('GET /campaigns/:campaignId/state', ['own', 'linked'], 'any', (_w, s) => ({
    path: campaign(s, '/state'),
  })),
  onCampaign(
    'POST /campaigns/:campaignId/actions/:action',
    ['own'],
    'runs',
    (_w, s) => ({ path: campaign(s, '/actions/start-look-back'), body: {} }),
    ['INVALID_STATE'],
  ),
  onCampaign('GET /campaigns/:campaignId/dynamic-list', ['own', 'linked'], 'any', (_w, s) => ({
    path: campaign(s, '/dynamic-list'),
  })),
  onCampaign('GET /campaigns/:campaignId/roll-up', ['own', 'linked'], 'any', (_w, s) => ({
    path: campaign(s, '/roll-up'),
  })),
  onCampaign('POST /campaigns/:campaignId/snapshots', ['own'], 'any', (_w, s, ctx) => ({
    path: campaign(s, '/snapshots'),
    body: { label: `常委会会议前清单 ${ctx.tag}` },
  })),
  onCampaign('GET /list-snapshots/:snapshotId', ['own', 'linked'], 'any', (_w, s) => ({
    path: `/list-snapshots/${s.snapshotId}`,
  })),
  onCampaign('GET /campaigns/:campaignId/look-back', ['own', 'linked'], 'any', (_w, s) => ({
    path: `/campaigns/${s.lookBack.campaignId}/look-back`,
  })),
  onCampaign(
    'POST /campaigns/:campaignId/look-back/:itemId',
    ['own'],
    'runs',
    (_w, s) => ({
      path: `/campaigns/${s.lookBack.campaignId}/look-back/${e(s.lookBack.itemId)}`,
      body: { outcome: 'confirmed', findings: '回头看未见反弹' },
    }),
    // The district's campaign is not in its look-back: its item was never selected.
    ['NOT_SELECTED_FOR_LOOK_BACK'],
  ),

  // ── inspection: checklist, groups, activities, questionnaires ──────────────────────────
  onCampaign(
    'PUT /campaigns/:campaignId/checklist',
    ['own'],
    'runs',
    (_w, s) => ({ path: campaign(s, '/checklist'), body: s.checklist }),
    ['CHECKLIST_INHERITED'],
  ),
  onCampaign('GET /campaigns/:campaignId/checklist', ['own'], 'any', (_w, s) => ({
    path: campaign(s, '/checklist'),
  })),
  onCampaign('POST /campaigns/:campaignId/groups', ['own'], 'runs', (_w, s, ctx) => ({
    path: campaign(s, '/groups'),
    body: { name: `第二检查组 ${ctx.tag}`, kind: 'research' },
  })),
  onCampaign('GET /campaigns/:campaignId/groups', ['own'], 'any', (_w, s) => ({ path: campaign(s, '/groups') })),
  onCampaign('GET /campaigns/:campaignId/groups/:groupId', ['own'], 'any', (_w, s) => ({
    path: campaign(s, `/groups/${s.groupId}`),
  })),
  onCampaign('PUT /campaigns/:campaignId/groups/:groupId', ['own'], 'runs', (_w, s) => ({
    path: campaign(s, `/groups/${s.groupId}`),
    body: s.group,
  })),
  onCampaign(
    'PUT /campaigns/:campaignId/groups/:groupId/checklist-items',
    ['own'],
    'runs',
    (_w, s) => ({
      path: campaign(s, `/groups/${s.groupId}/checklist-items`),
      body: { itemIds: s.groupChecklistItems },
    }),
    ['CHECKLIST_INHERITED'],
  ),
  onCampaign('POST /campaigns/:campaignId/activities', ['own'], 'records', (_w, s, ctx) => ({
    path: campaign(s, '/activities'),
    body: { kind: 'spot_check', title: `抽查养老机构 ${ctx.tag}`, groupId: s.groupId },
  })),
  onCampaign('GET /campaigns/:campaignId/activities', ['own'], 'any', (_w, s) => ({
    path: campaign(s, '/activities'),
  })),
  onCampaign('GET /campaigns/:campaignId/activities/:activityId', ['own'], 'any', (_w, s) => ({
    path: campaign(s, `/activities/${s.unannouncedVisitId}`),
  })),
  onCampaign('POST /campaigns/:campaignId/activities/:activityId/answers', ['own'], 'records', (_w, s, ctx) => ({
    path: campaign(s, `/activities/${s.questionnaireId}/answers`),
    body: { batchKey: `batch-${ctx.tag}`, answers: [{ question: '是否了解助餐服务', answer: '了解' }] },
  })),
  onCampaign('GET /campaigns/:campaignId/activities/:activityId/answers', ['own'], 'any', (_w, s) => ({
    path: campaign(s, `/activities/${s.questionnaireId}/answers`),
  })),

  // ── inspection: findings and the problem list ──────────────────────────────────────────
  onCampaign('POST /campaigns/:campaignId/findings', ['own'], 'records', (_w, s, ctx) => ({
    path: campaign(s, '/findings'),
    body: { activityId: 'A-001', title: `助餐点未开放 ${ctx.tag}`, description: '工作日中午未供餐', severity: 'minor' },
  })),
  onCampaign('GET /campaigns/:campaignId/findings', ['own'], 'any', (_w, s) => ({
    path: campaign(s, '/findings'),
  })),
  onCampaign('GET /findings/:findingId', ['own'], 'any', (_w, s) => ({ path: `/findings/${e(s.findingId)}` })),
  onCampaign('POST /findings/:findingId/merge', ['own'], 'runs', (_w, s) => ({
    path: `/findings/${e(s.mergeFindingId)}/merge`,
    body: { into: s.findingId },
  })),
  onCampaign('POST /findings/:findingId/dismiss', ['own'], 'runs', (_w, s) => ({
    path: `/findings/${e(s.dismissFindingId)}/dismiss`,
    body: { reason: '不属于本次监督范围' },
  })),
  onCampaign('POST /findings/:findingId/list', ['own'], 'runs', (_w, s) => ({
    path: `/findings/${e(s.listFindingId)}/list`,
    body: { leadDepartmentId: s.leadDepartmentId },
  })),

  // ── inspection: special inquiry and targets ────────────────────────────────────────────
  onCampaign('POST /campaigns/:campaignId/inquiry-questions', ['own'], 'runs', (_w, s, ctx) => ({
    path: campaign(s, '/inquiry-questions'),
    body: { question: `助餐点何时全部开放？${ctx.tag}`, toUnitId: s.leadDepartmentId },
  })),
  onCampaign('GET /campaigns/:campaignId/inquiry-questions', ['own'], 'any', (_w, s) => ({
    path: campaign(s, '/inquiry-questions'),
  })),
  onCampaign('GET /campaigns/:campaignId/inquiry-questions/:questionId', ['own'], 'any', (_w, s) => ({
    path: campaign(s, `/inquiry-questions/${s.questionId}`),
  })),
  onCampaign('POST /campaigns/:campaignId/inquiry-questions/:questionId/answer', ['own'], 'runs', (_w, s) => ({
    path: campaign(s, `/inquiry-questions/${s.questionId}/answer`),
    body: { answer: '年底前全部开放', answeredBy: '局长' },
  })),
  onCampaign('GET /campaigns/:campaignId/targets', ['own', 'linked', 'participant'], 'any', (_w, s) => ({
    path: campaign(s, '/targets'),
  })),
  onCampaign('PUT /campaigns/:campaignId/targets/:key', ['own'], 'runs', (_w, s) => ({
    path: campaign(s, `/targets/${s.targetKey}`),
    body: { label: '建成助餐点', unit: '个', target: 114 },
  })),
  onCampaign('POST /campaigns/:campaignId/targets/:key/reports', ['own', 'participant'], 'reports', (_w, s) => ({
    path: campaign(s, `/targets/${s.targetKey}/reports`),
    body: { value: 12 },
  })),

  // ── rectification items and their evidence ─────────────────────────────────────────────
  {
    route: 'GET /rectification-items',
    audience: business('none', 'any'),
    subjects: CITY,
    request: () => ({ path: '/rectification-items' }),
  },
  {
    route: 'GET /rectification-items/summary',
    audience: business('none', 'any'),
    subjects: CITY,
    request: () => ({ path: '/rectification-items/summary' }),
  },
  {
    // Handing an item off names the supervising committee in the body: staff of its congress may.
    route: 'POST /rectification-items',
    audience: business('none', 'opens'),
    subjects: BOTH,
    request: (_w, s, ctx) => ({
      path: '/rectification-items',
      body: {
        itemId: `${s.campaignId}/direct-${ctx.tag}`,
        title: '养老机构消防设施不达标',
        description: '抽查发现消防通道堵塞',
        committeeUnitId: s.committeeUnitId,
        leadDepartmentId: s.leadDepartmentId,
      },
    }),
  },
  onItem('GET /rectification-items/:itemId', 'any', (_w, s) => ({ path: item(s) })),
  onItem('GET /rectification-items/:itemId/state', 'any', (_w, s) => ({ path: item(s, '/state') })),
  onItem('GET /rectification-items/:itemId/events', 'any', (_w, s) => ({ path: item(s, '/events') })),
  onItem('POST /rectification-items/:itemId/actions/:action', 'acts', (_w, s, ctx) => ({
    path: item(s, '/actions/report-progress'),
    body: { summary: `已开放助餐点 ${ctx.tag}`, percentComplete: 40 },
  })),
  onItem('POST /rectification-items/:itemId/evidence', 'acts', (_w, s, ctx) => ({
    path: item(s, '/evidence'),
    query: { fileName: `进度照片-${ctx.tag}.png` },
    file: samples.png(),
  })),
  onItem('GET /rectification-items/:itemId/evidence', 'any', (_w, s) => ({ path: item(s, '/evidence') })),
  onItem('GET /rectification-items/:itemId/evidence/:evidenceId', 'any', (_w, s) => ({
    path: item(s, `/evidence/${s.evidenceId}`),
  })),

  // ── last: rows that change the caller's own account, each on a session of its own ──────
  {
    route: 'POST /auth/totp/enroll',
    audience: signedIn,
    subjects: CITY,
    freshSession: true,
    request: () => ({ path: '/auth/totp/enroll' }),
    after: (body, ctx) => (ctx.totpSecret = body.secret as string),
  },
  {
    route: 'POST /auth/totp/confirm',
    audience: signedIn,
    subjects: CITY,
    freshSession: true,
    request: (_w, _s, ctx) => ({
      path: '/auth/totp/confirm',
      body: { code: ctx.totpSecret ? totpCode(ctx.totpSecret, totpStep(new Date())) : '000000' },
    }),
  },
  {
    route: 'POST /auth/totp/disable',
    audience: signedIn,
    subjects: CITY,
    freshSession: true,
    request: () => ({ path: '/auth/totp/disable', body: { password: TEST_PASSWORD } }),
  },
  {
    // Ends every other session of the account, the callers' main ones too: nothing runs after.
    route: 'POST /auth/password',
    audience: signedIn,
    subjects: CITY,
    freshSession: true,
    request: () => ({ path: '/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } }),
  },
  {
    route: 'POST /auth/logout',
    audience: signedIn,
    subjects: CITY,
    freshSession: true,
    request: () => ({ path: '/auth/logout' }),
  },
];

/** `/a/:b/c` as a pattern that a concrete path of it matches. */
export function routePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
