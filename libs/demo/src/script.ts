import type { RectificationActionName } from '@lib/contracts';
import { completionEvidence, type DemoEvidenceFile } from './data/evidence';
import type { DemoListing, Stage } from './data/findings';
import { handlerOf, leaderOf } from './data/organisation';

/** What an action's answer tells the next step: the item's row as the read model holds it. */
export interface ItemRow {
  itemId: string;
  status: string;
  round: number;
  dueDate: string | null;
  extensionCount: number;
}

/** One user action on an item, by the person who would take it. */
export interface ItemStep {
  action: RectificationActionName;
  as: string;
  body: Record<string, unknown> | ((row: ItemRow) => Record<string, unknown>);
  /** Files the acting person uploads to the item first; the body's `evidence` cites them. */
  evidence?: DemoEvidenceFile[];
}

/** Who acts on an item besides its departments. */
export interface ItemCast {
  /** Committee staff of the supervising committee (reviews plans, verifies, decides extensions). */
  staff: string;
  /** A manager of that committee (closes as not feasible). */
  manager: string;
}

/** `YYYY-MM-DD` plus whole days, as calendar dates. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The actions that take a freshly handed-off item to `listing.stage`, in order. Each accepted
 * action leaves exactly one event with an actor in the item's log, so the number of such events
 * tells a later run how far an item got.
 */
export function stepsTo(itemId: string, title: string, listing: DemoListing, cast: ItemCast): ItemStep[] {
  const lead = listing.lead;
  const handler = handlerOf(lead);
  const co = listing.co ?? [];
  const ack = (as = handler): ItemStep => ({ action: 'acknowledge', as, body: { note: '已签收，明确专人负责' } });
  const plan = (round = 1): ItemStep => ({
    action: 'submit-plan',
    as: handler,
    body: {
      summary: round === 1 ? `关于“${title}”的整改方案` : `关于“${title}”的第${round}轮整改方案（针对复核意见）`,
      measures: [
        '成立整改工作专班，主要负责人牵头，明确责任人和完成时限',
        '全面排查同类问题，建立整改台账，逐项销号',
        '完善长效管理制度，按月报送整改进度',
      ],
    },
  });
  const approve: ItemStep = {
    action: 'review-plan',
    as: cast.staff,
    body: { decision: 'approve', comment: '整改方案可行，请按期推进并按月报送进度' },
  };
  const report = (i: number): ItemStep => ({
    action: 'report-progress',
    // The second report comes from the co-operating department (配合单位), where there is one.
    as: i === 1 && co.length > 0 ? handlerOf(co[0]) : handler,
    body: {
      summary: i === 0 ? '已完成问题排查和整改台账，整改措施正在落实' : '整改工作按计划推进，阶段性任务已完成',
      percentComplete: Math.min(90, 35 + 30 * i),
    },
  });
  const reports = (n: number): ItemStep[] => Array.from({ length: n }, (_, i) => report(i));
  const complete: ItemStep = {
    action: 'submit-completion',
    as: handler,
    body: { summary: '已按整改方案完成整改，申请销号' },
    evidence: completionEvidence(itemId),
  };
  const accept: ItemStep = {
    action: 'verify-completion',
    as: cast.staff,
    body: { decision: 'accept', comment: '经现场核查，整改到位，同意销号' },
  };
  const sendBack: ItemStep = {
    action: 'verify-completion',
    as: cast.staff,
    body: {
      decision: 'send_back',
      comment: '现场复核发现问题仍然存在，整改不彻底，退回重新整改',
      rectifyWithin: { days: 30, counting: 'working-days' },
    },
  };
  const started = [ack(), plan(), approve];
  const inProgress = [...started, ...reports(listing.reports ?? 1)];
  const askExtension: ItemStep[] = [
    {
      action: 'request-extension',
      as: handler,
      body: (row) => ({
        reason: '涉及多部门协调和资金安排，需延期完成',
        proposedDueDate: addDays(row.dueDate ?? new Date().toISOString().slice(0, 10), 45),
      }),
    },
    {
      action: 'decide-extension',
      as: leaderOf(lead),
      body: { decision: 'approve', comment: '情况属实，同意报请延期' },
    },
  ];
  const completed = [...started, report(0), complete];
  const steps: Record<Stage, ItemStep[]> = {
    assigned: [],
    returned: [{ action: 'return', as: handler, body: { reason: listing.returnReason ?? '不属于本单位职责' } }],
    reassigned: [
      { action: 'return', as: handler, body: { reason: listing.returnReason ?? '不属于本单位职责' } },
      {
        action: 'reassign',
        as: cast.staff,
        body: { leadDepartmentId: listing.reassignTo, reason: '经研究，改由该部门牵头办理' },
      },
      ...(listing.reassignTo ? [ack(handlerOf(listing.reassignTo))] : []),
    ],
    acknowledged: [ack()],
    plan_submitted: [ack(), plan()],
    plan_revision: [
      ack(),
      plan(),
      {
        action: 'review-plan',
        as: cast.staff,
        body: { decision: 'revise', comment: '整改措施不够具体，请明确完成时限和责任人' },
      },
    ],
    in_progress: inProgress,
    extension_pending: [...inProgress, ...askExtension],
    extension_approved: [
      ...inProgress,
      ...askExtension,
      {
        action: 'decide-extension',
        as: cast.staff,
        body: { decision: 'approve', comment: '同意延期，请按新时限完成' },
      },
    ],
    completion_submitted: completed,
    closed: [...completed, accept],
    sent_back: [...completed, sendBack],
    sent_back_replanned: [...completed, sendBack, plan(2)],
    not_feasible: [
      ...started,
      {
        action: 'close-not-feasible',
        as: cast.manager,
        body: {
          reason: '长期护理保险试点须经国家医保局批准，本级不具备整改条件，转为持续跟踪事项',
          approvalRef: '主任会议纪要第12号',
        },
      },
    ],
    look_back_confirmed: [...completed, accept],
    look_back_relapsed: [...completed, accept],
  };
  return steps[listing.stage];
}

/** The outcome the look-back records for an item left at `stage`, if it is one of the look-back's. */
export function lookBackOutcome(stage: Stage): 'confirmed' | 'relapsed' | null {
  if (stage === 'look_back_confirmed') return 'confirmed';
  if (stage === 'look_back_relapsed') return 'relapsed';
  return null;
}
