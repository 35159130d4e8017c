import type { CampaignNode } from './campaign-tree';

/** Counts of a campaign's items that roll up level by level. */
export interface ItemCounts {
  total: number;
  open: number;
  overdue: number;
  dueSoon: number;
  escalated: number;
  listedSupervision: number;
  closed: number;
  confirmed: number;
  notFeasible: number;
  reopened: number;
}

/**
 * Counts per campaign for the campaigns given (`$1`, the tree from `campaignTree`). Naming the
 * campaigns outright, rather than joining the tree, lets the planner use the campaign index for
 * a small subtree and one scan for a large one.
 */
export const ROLL_UP_COUNTS_SQL = `SELECT campaign_id AS "campaignId",
    count(*)::int AS total,
    count(*) FILTER (WHERE status NOT IN ('closed', 'confirmed', 'closed_not_feasible'))::int AS open,
    count(*) FILTER (WHERE traffic_light = 'red')::int AS overdue,
    count(*) FILTER (WHERE traffic_light = 'yellow')::int AS "dueSoon",
    count(*) FILTER (WHERE escalation_level <> 'none')::int AS escalated,
    count(*) FILTER (WHERE escalation_level = 'listed_supervision')::int AS "listedSupervision",
    count(*) FILTER (WHERE status = 'closed')::int AS closed,
    count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
    count(*) FILTER (WHERE status = 'closed_not_feasible')::int AS "notFeasible",
    count(*) FILTER (WHERE round > 1)::int AS reopened
  FROM rectification_item WHERE campaign_id = ANY($1::text[]) GROUP BY campaign_id`;

export type RollUpRow = ItemCounts & CampaignNode;

export interface RollUpNode {
  campaignId: string;
  level: string;
  title: string;
  /** Items of this campaign itself. */
  own: ItemCounts;
  /** This campaign's items and those of every campaign linked below it. */
  rolledUp: ItemCounts;
  linked: RollUpNode[];
}

const KEYS: (keyof ItemCounts)[] = [
  'total',
  'open',
  'overdue',
  'dueSoon',
  'escalated',
  'listedSupervision',
  'closed',
  'confirmed',
  'notFeasible',
  'reopened',
];

function add(a: ItemCounts, b: ItemCounts): ItemCounts {
  return Object.fromEntries(KEYS.map((k) => [k, a[k] + b[k]])) as unknown as ItemCounts;
}
const zero = (): ItemCounts => Object.fromEntries(KEYS.map((k) => [k, 0])) as unknown as ItemCounts;

/**
 * Fold per-campaign counts into the tree: each campaign's own counts, the counts rolled up from
 * the levels below it, and totals per level.
 */
export function foldRollUp(
  tree: CampaignNode[],
  counts: (ItemCounts & { campaignId: string })[],
  rootId: string,
): { tree: RollUpNode; byLevel: Record<string, ItemCounts> } {
  const byCampaign = new Map(counts.map((c) => [c.campaignId, c]));
  const rows: RollUpRow[] = tree.map((node) => ({ ...zero(), ...byCampaign.get(node.campaignId), ...node }));
  const nodes = new Map<string, RollUpNode & { parent: string | null }>();
  for (const r of rows) {
    const own = Object.fromEntries(KEYS.map((k) => [k, r[k]])) as unknown as ItemCounts;
    nodes.set(r.campaignId, {
      campaignId: r.campaignId,
      level: r.level,
      title: r.title,
      own,
      rolledUp: own,
      linked: [],
      parent: r.parentCampaignId,
    });
  }
  const byLevel: Record<string, ItemCounts> = {};
  // Deepest first, so every child is complete before its parent adds it.
  for (const r of [...rows].sort((a, b) => b.depth - a.depth)) {
    const node = nodes.get(r.campaignId)!;
    byLevel[node.level] = add(byLevel[node.level] ?? zero(), node.own);
    const parent = node.parent ? nodes.get(node.parent) : undefined;
    if (parent && r.campaignId !== rootId) {
      parent.rolledUp = add(parent.rolledUp, node.rolledUp);
      parent.linked.push(node);
    }
  }
  const strip = ({ parent: _, linked, ...rest }: RollUpNode & { parent?: string | null }): RollUpNode => ({
    ...rest,
    linked: linked.sort((a, b) => a.campaignId.localeCompare(b.campaignId)).map(strip),
  });
  const root = nodes.get(rootId);
  if (!root) throw new Error(`campaign ${rootId} is not in its own roll-up`);
  return { tree: strip(root), byLevel };
}
