import type { DatabaseConnection, Dialect, Driver, Kysely, LogEvent, TransactionSettings } from "kysely";
import { dbPoolInUse, dbPoolMax, dbQueryDuration } from "../metrics/registry";

/** Counts the connections checked out of the pool, for the "pool > 80% utilised" alert. */
class CountingDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    dbPoolInUse.inc();
    return connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    dbPoolInUse.dec();
    await this.inner.releaseConnection(connection);
  }

  destroy() {
    return this.inner.destroy();
  }
}

/** The same dialect, with its driver counting checked-out connections against the pool size. */
export function instrumentDialect(dialect: Dialect, poolMax: number): Dialect {
  dbPoolMax.inc(poolMax);
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new CountingDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>) => dialect.createIntrospector(db),
  };
}

type QueryListener = (event: LogEvent) => void;
const listeners = new Set<QueryListener>();

/** Sees every query the pool runs until the returned function is called (query-plan tests use it). */
export function listenToQueries(listener: QueryListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\b/i;

/**
 * The SQL of every statement the pool ran while `work` did, in order: what a write costs, counted
 * by tests. Not the transactions' BEGIN and COMMIT, which the pool's log shows too.
 */
export async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = listenToQueries((event) => {
    if (!TRANSACTION_CONTROL.test(event.query.sql)) seen.push(event.query.sql);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}

const KNOWN_OPERATIONS = new Set(["select", "insert", "update", "delete", "with", "begin", "commit", "rollback"]);
/** The statement's first word, read where it starts: the text is not copied or split (issue 17). */
const FIRST_WORD = /^\s*([A-Za-z]+)/;

/** Kysely's query log feeds the query-duration histogram, labelled by statement kind only. */
export function observeQuery(event: LogEvent): void {
  for (const listener of listeners) listener(event);
  const operation = FIRST_WORD.exec(event.query.sql)?.[1]?.toLowerCase() ?? "unknown";
  const known = KNOWN_OPERATIONS.has(operation);
  dbQueryDuration.observe(
    { operation: known ? operation : "other", outcome: event.level === "error" ? "error" : "ok" },
    event.queryDurationMillis / 1000,
  );
}
