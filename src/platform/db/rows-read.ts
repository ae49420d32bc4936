import type { CompiledQuery, Kysely } from "kysely";
import { listenToQueries } from "./instrumented-dialect";
import type { Database } from "./schema";

/**
 * What a query read, from EXPLAIN (ANALYZE, FORMAT JSON): for query-shape tests and
 * scripts/bench/scale-reads.ts (issue 17), a measure that load on the machine does not distort.
 */

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

/** Rows each table gave up to a plan (by table name; a bitmap index scan under its index's name). */
export type RowsRead = Record<string, number>;

/**
 * Rows each table gave up to the plan: what every scan of it returned and what its filters threw
 * away, times its loops. A bitmap index scan reads every entry that matches, whatever a LIMIT
 * above it wants: it counts under its index's name.
 */
function rowsReadIn(node: PlanNode, into: RowsRead = {}): RowsRead {
  const name = node["Relation Name"] ?? (node["Node Type"] === "Bitmap Index Scan" ? node["Index Name"] : undefined);
  if (name) {
    const rows =
      node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0);
    into[name] = (into[name] ?? 0) + rows * node["Actual Loops"];
  }
  for (const child of node.Plans ?? []) rowsReadIn(child, into);
  return into;
}

/** Runs one compiled query again under EXPLAIN ANALYZE and returns the rows each table gave up. */
export async function rowsReadBy(db: Kysely<Database>, query: CompiledQuery): Promise<RowsRead> {
  const explained = await db.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>({
    ...query,
    sql: `explain (analyze, format json) ${query.sql}`,
  });
  return rowsReadIn(explained.rows[0]?.["QUERY PLAN"][0]?.Plan as PlanNode);
}

/** Every SELECT (or WITH) the pool ran while `work` ran, compiled with its parameters. */
export async function selectsOf(work: () => Promise<unknown>): Promise<CompiledQuery[]> {
  const queries: CompiledQuery[] = [];
  const stop = listenToQueries((event) => {
    if (/^\s*(select|with)\b/i.test(event.query.sql)) queries.push(event.query);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return queries;
}

/** Runs the work, then EXPLAIN ANALYZEs each SELECT it sent: the rows every table gave up, per query. */
export async function readsOf(db: Kysely<Database>, work: () => Promise<unknown>): Promise<RowsRead[]> {
  const reads: RowsRead[] = [];
  for (const query of await selectsOf(work)) reads.push(await rowsReadBy(db, query));
  return reads;
}

/** All the rows a set of reads gave up, over every table. */
export function totalRows(...reads: RowsRead[]): number {
  return reads.reduce((sum, read) => sum + Object.values(read).reduce((a, b) => a + b, 0), 0);
}
