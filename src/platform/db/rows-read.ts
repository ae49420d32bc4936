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

/**
 * Which plan to read under. postgres.js prepares every statement on its connection, and after five
 * executions PostgreSQL's plan cache may keep one *generic* plan, made without the parameters'
 * values (a centre's id among them), when its estimated cost is no higher than the custom plans':
 * what a web process runs all day can differ from what EXPLAIN with the values shows.
 * - `custom`: planned for these values (EXPLAIN of the query as sent);
 * - `generic`: the plan made without the values (`plan_cache_mode = force_generic_plan`): what a
 *   query keyed by its owner must read well under whatever the plan cache chooses;
 * - `cached`: prepared and run five times first, then whichever plan the plan cache keeps, as a
 *   busy web process's connection runs it.
 */
export type PlanChoice = "custom" | "generic" | "cached";

/** A parameter as an SQL literal for EXECUTE (an untyped literal takes the prepared parameter's type). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value))
    return literal(
      `{${value.map((item) => (item === null ? "NULL" : `"${String(item).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`,
    );
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

let prepared = 0;

/** EXPLAIN ANALYZE of the query as a prepared statement, under the generic or the plan cache's plan. */
async function explainPrepared(db: Kysely<Database>, query: CompiledQuery, plan: "generic" | "cached") {
  prepared += 1;
  const name = `rows_read_${prepared}`;
  const args = query.parameters.length === 0 ? "" : `(${query.parameters.map(literal).join(", ")})`;
  const run = (text: string) => ({ ...query, sql: text, parameters: [] });
  return db.connection().execute(async (connection) => {
    await connection.executeQuery(run(plan === "generic" ? "set plan_cache_mode = force_generic_plan" : "select 1"));
    await connection.executeQuery(run(`prepare ${name} as ${query.sql}`));
    try {
      if (plan === "cached")
        for (let n = 0; n < 5; n += 1) await connection.executeQuery(run(`execute ${name}${args}`));
      return await connection.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
        run(`explain (analyze, format json) execute ${name}${args}`),
      );
    } finally {
      await connection.executeQuery(run(`deallocate ${name}`));
      if (plan === "generic") await connection.executeQuery(run("reset plan_cache_mode"));
    }
  });
}

/** Runs one compiled query again under EXPLAIN ANALYZE and returns the rows each table gave up. */
export async function rowsReadBy(
  db: Kysely<Database>,
  query: CompiledQuery,
  plan: PlanChoice = "custom",
): Promise<RowsRead> {
  const explained =
    plan === "custom"
      ? await db.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>({
          ...query,
          sql: `explain (analyze, format json) ${query.sql}`,
        })
      : await explainPrepared(db, query, plan);
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
export async function readsOf(
  db: Kysely<Database>,
  work: () => Promise<unknown>,
  plan: PlanChoice = "custom",
): Promise<RowsRead[]> {
  const reads: RowsRead[] = [];
  for (const query of await selectsOf(work)) reads.push(await rowsReadBy(db, query, plan));
  return reads;
}

/** All the rows a set of reads gave up, over every table. */
export function totalRows(...reads: RowsRead[]): number {
  return reads.reduce((sum, read) => sum + Object.values(read).reduce((a, b) => a + b, 0), 0);
}
