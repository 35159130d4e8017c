/**
 * A plain `pg` client for the bench's side of a comparison: the SQL the API runs, executed
 * directly, without TypeORM or HTTP in between. `pg` ships no types; these are the few calls used.
 */
export interface PgClient {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
}

interface PgModule {
  Client: new (config: { connectionString: string }) => PgClient & { connect(): Promise<void> };
}

export async function connectPg(connectionString: string): Promise<PgClient> {
  const packageName = 'pg';
  const { Client } = (await import(packageName)) as PgModule;
  const client = new Client({ connectionString });
  await client.connect();
  return client;
}

/** One node of an EXPLAIN (FORMAT JSON) plan, as far as the bench reads it. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  /** Node types from the top down, e.g. `Limit > Index Scan`. */
  nodes: string[];
  /** Indexes the plan reads, of any table. */
  indexes: string[];
  /** Whether an index of `rectification_item` is read, and the table is never scanned whole. */
  usesItemIndex: boolean;
  seqScanOfItems: boolean;
  /** Whether rows are sorted after they are read (a Sort node): the index did not give the list's order. */
  sorts: boolean;
  planningMs: number | null;
  executionMs: number | null;
  /** The whole plan, for the record. */
  plan: unknown;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of a query with its parameters, as the driver sends
 * it (an unnamed statement, so planned for these values), summarised.
 */
export async function explain(
  client: PgClient,
  sql: string,
  params: unknown[],
  itemIndexes: ReadonlySet<string>,
): Promise<PlanSummary> {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const document = rows[0]?.['QUERY PLAN'] as
    { Plan: PlanNode; 'Planning Time'?: number; 'Execution Time'?: number }[] | undefined;
  const top = document?.[0];
  if (!top) throw new Error(`EXPLAIN gave no plan for: ${sql}`);
  const nodes: string[] = [];
  const indexes: string[] = [];
  let seqScanOfItems = false;
  let sorts = false;
  const walk = (node: PlanNode, depth: number): void => {
    const on = node['Index Name'] ?? node['Relation Name'];
    nodes.push(`${'  '.repeat(depth)}${node['Node Type']}${on ? ` (${on})` : ''}`);
    if (node['Index Name']) indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'rectification_item') seqScanOfItems = true;
    if (node['Node Type'].endsWith('Sort')) sorts = true;
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(top.Plan, 0);
  return {
    nodes,
    indexes: [...new Set(indexes)],
    usesItemIndex: indexes.some((i) => itemIndexes.has(i)) && !seqScanOfItems,
    seqScanOfItems,
    sorts,
    planningMs: top['Planning Time'] ?? null,
    executionMs: top['Execution Time'] ?? null,
    plan: document,
  };
}

/** Names of the indexes on a table. */
export async function indexesOf(client: PgClient, table: string): Promise<Set<string>> {
  const { rows } = await client.query('SELECT indexname FROM pg_indexes WHERE tablename = $1', [table]);
  return new Set(rows.map((r) => String(r.indexname)));
}
