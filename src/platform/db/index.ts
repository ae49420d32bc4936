import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { config } from "../../config";
import { instrumentDialect, observeQuery } from "./instrumented-dialect";
import type { Database } from "./schema";

export type { Database } from "./schema";

/**
 * The URL postgres.js is given, and the Unix socket directory named by `?host=/dir` (libpq's form,
 * e.g. `postgres://app:secret@localhost/aetherlearn?host=/var/run/postgresql`): postgres.js would
 * send an unknown query parameter to the server as a setting, so it is taken out and passed as
 * the host. On one machine a socket costs each query less than TCP over loopback.
 */
export function connectionTarget(url: string): { url: string; host?: string } {
  const at = url.indexOf("?");
  if (at === -1) return { url };
  const params = new URLSearchParams(url.slice(at + 1));
  const host = params.get("host");
  if (!host?.startsWith("/")) return { url };
  params.delete("host");
  const rest = params.toString();
  return { url: url.slice(0, at) + (rest ? `?${rest}` : ""), host };
}

/** A postgres.js client for DATABASE_URL-style URLs, a socket directory in `?host=` included. */
export function connectPostgres(url: string, options: postgres.Options<Record<string, postgres.PostgresType>>) {
  const target = connectionTarget(url);
  return postgres(target.url, target.host ? { ...options, host: target.host } : options);
}

export function createDb(url: string = config.DATABASE_URL, max: number = config.DATABASE_POOL_MAX): Kysely<Database> {
  const sql = connectPostgres(url, {
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
