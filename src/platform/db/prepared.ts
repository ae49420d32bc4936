import { type Compilable, type CompiledQuery, createQueryId, type Kysely, type QueryResult } from "kysely";
import type { Database } from "./schema";

/**
 * A statement Kysely builds and compiles once per process, then runs with each call's values
 * (issue 17: building and compiling the same query on every request was 10–16 % of the web
 * process's CPU). The builder is called once, with stand-ins for its values; each stand-in must
 * reach the SQL as one parameter, and each run puts the real values where the stand-ins were.
 *
 * So the SQL cannot depend on a value: the builder never sees one. What would need it is refused
 * when the statement is first compiled, with an error naming the value:
 * - reading a stand-in (`p.scope.all`), computing with it (`p.n - 1`, `${p.id}`, JSON) or inlining
 *   it (`sql.lit`, `sql.raw`);
 * - a stand-in as an `in` list (its length would shape the SQL): pass an array and write
 *   `= any(${p.ids})`, which is one parameter whatever its length;
 * - a stand-in inside another value (an array or object built around it).
 *
 * An array value reaches postgres.js as the builder's would: typed by its first element, so an
 * array of booleans or dates is sent as one boolean or date and refused by PostgreSQL; an array of
 * strings (ids) is sent untyped and read as its cast says (`= any(${p.ids}::uuid[])`).
 */
export interface Prepared<Values, Row> {
  /** The rows, as the builder's `.execute()` returns them for a select or a `returning`. */
  all(executor: Kysely<Database>, values: Values): Promise<Row[]>;
  /** The first row or undefined, as `.executeTakeFirst()`. */
  first(executor: Kysely<Database>, values: Values): Promise<Row | undefined>;
  /** The rows an insert, update or delete changed. */
  affected(executor: Kysely<Database>, values: Values): Promise<bigint>;
  /** The compiled statement with these values in place: what runs. */
  compiled(executor: Kysely<Database>, values: Values): CompiledQuery<Row>;
  /** The builder's query with these values, built per call as before: what tests and benchmarks compare with. */
  built(executor: Kysely<Database>, values: Values): Compilable<Row>;
}

export class PreparedStatementError extends Error {}

const standInNames = new WeakMap<object, string>();
// What Kysely asks of a value while it builds (is it an expression, a node source, a promise?).
const PROBED = new Set<PropertyKey>([
  "toOperationNode",
  "expressionType",
  "expression",
  "alias",
  "then",
  "constructor",
]);

function standIn(name: string): unknown {
  const refuse = (what: string) => {
    throw new PreparedStatementError(
      `prepared statement: the value "${name}" was ${what} while the statement was built; the builder gets stand-ins, not values`,
    );
  };
  const proxy = new Proxy(Object.freeze({}), {
    get(_target, key) {
      if (key === Symbol.toPrimitive || key === "toJSON" || key === "toString" || key === "valueOf")
        refuse("computed with");
      if (PROBED.has(key) || typeof key === "symbol") return undefined;
      return refuse(`read (.${String(key)})`);
    },
  });
  standInNames.set(proxy, name);
  return proxy;
}

function standIns(): { bag: unknown; names: Set<string> } {
  const names = new Set<string>();
  const made = new Map<string, unknown>();
  const bag = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === "symbol") return undefined;
        names.add(key);
        if (!made.has(key)) made.set(key, standIn(key));
        return made.get(key);
      },
    },
  );
  return { bag, names };
}

function containsStandIn(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (standInNames.has(value)) return true;
  if (Array.isArray(value)) return value.some(containsStandIn);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).some(containsStandIn);
}

/** An `in` / `not in` whose right side is one stand-in: Kysely writes `in $1`, which is not SQL. */
function refuseStandInLists(node: unknown): void {
  // A value is not a node: its contents (a stand-in among them) are never walked.
  if (typeof node !== "object" || node === null || standInNames.has(node)) return;
  const n = node as Record<string, unknown>;
  if (n.kind === "ValueNode" || n.kind === "ValueListNode" || n.kind === "PrimitiveValueListNode") return;
  const operator = (n.operator as { operator?: string } | undefined)?.operator;
  const right = n.rightOperand as { kind?: string; value?: object } | undefined;
  if (
    n.kind === "BinaryOperationNode" &&
    (operator === "in" || operator === "not in") &&
    right?.kind === "ValueNode" &&
    right.value &&
    standInNames.has(right.value)
  ) {
    throw new PreparedStatementError(
      `prepared statement: "${standInNames.get(right.value)}" is an \`${operator}\` list, whose length would shape the SQL; pass an array and write \`= any(...)\``,
    );
  }
  for (const child of Object.values(n)) {
    if (Array.isArray(child)) child.forEach(refuseStandInLists);
    else refuseStandInLists(child);
  }
}

interface Template {
  sql: string;
  query: CompiledQuery["query"];
  /** Per parameter: the name of the value it takes, or undefined for a constant kept as built. */
  slots: (string | undefined)[];
  constants: unknown[];
}

function compileTemplate<Row>(
  executor: Kysely<Database>,
  build: (db: Kysely<Database>, values: never) => Compilable<Row>,
): Template {
  const { bag, names } = standIns();
  const compiled = build(executor, bag as never).compile();
  refuseStandInLists(compiled.query);
  const slots = compiled.parameters.map((parameter) =>
    typeof parameter === "object" && parameter !== null ? standInNames.get(parameter) : undefined,
  );
  compiled.parameters.forEach((parameter, index) => {
    if (slots[index] === undefined && containsStandIn(parameter)) {
      throw new PreparedStatementError(
        `prepared statement: parameter $${index + 1} holds a stand-in inside another value; pass the whole value instead`,
      );
    }
  });
  for (const name of names) {
    if (!slots.includes(name)) {
      throw new PreparedStatementError(
        `prepared statement: the value "${name}" is not a parameter of the SQL (inlined or unused); each value must be sent as one`,
      );
    }
  }
  return { sql: compiled.sql, query: compiled.query, slots, constants: [...compiled.parameters] };
}

/**
 * `prepared((db, p: { centreId: CentreId; id: string }) => selectFromTenant(db, "homework", p.centreId).where("id", "=", p.id).selectAll())`
 * builds the statement the first time it runs; `statement.first(db, { centreId, id })` runs it.
 * A transaction is an executor like `db`: the SQL is the same.
 */
export function prepared<Values extends Record<string, unknown>, Row>(
  build: (db: Kysely<Database>, values: Values) => Compilable<Row>,
): Prepared<Values, Row> {
  let template: Template | undefined;
  const compiled = (executor: Kysely<Database>, values: Values): CompiledQuery<Row> => {
    template ??= compileTemplate(executor, build as (db: Kysely<Database>, values: never) => Compilable<Row>);
    const { slots, constants } = template;
    const parameters = new Array<unknown>(slots.length);
    for (let index = 0; index < slots.length; index++) {
      const name = slots[index];
      parameters[index] = name === undefined ? constants[index] : values[name];
    }
    return { sql: template.sql, query: template.query, queryId: createQueryId(), parameters };
  };
  const run = (executor: Kysely<Database>, values: Values): Promise<QueryResult<Row>> =>
    executor.executeQuery(compiled(executor, values));
  return {
    compiled,
    built: build,
    all: async (executor, values) => (await run(executor, values)).rows,
    first: async (executor, values) => (await run(executor, values)).rows[0],
    affected: async (executor, values) => (await run(executor, values)).numAffectedRows ?? 0n,
  };
}
