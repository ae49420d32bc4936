import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { config } from "../../config";
import { instrumentDialect, observeQuery } from "./instrumented-dialect";
import type { Database } from "./schema";

export type { Database } from "./schema";

export function createDb(url: string = config.DATABASE_URL, max: number = config.DATABASE_POOL_MAX): Kysely<Database> {
  const sql = postgres(url, {
    max,
    // Connecting must fail fast so the health check and requests do not hang on a dead database.
    connect_timeout: 5,
    idle_timeout: 30,
    onnotice: () => {},
  });
  return new Kysely<Database>({
    dialect: instrumentDialect(new PostgresJSDialect({ postgres: sql }), max),
    log: observeQuery,
  });
}

/** The process-wide connection pool. */
export const db: Kysely<Database> = createDb();

/** For read-only queries that can tolerate replication lag (reports, dashboards): the replica if there is one. */
export const dbRead: Kysely<Database> = config.DATABASE_REPLICA_URL ? createDb(config.DATABASE_REPLICA_URL) : db;
