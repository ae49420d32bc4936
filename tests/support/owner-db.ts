import { type Kysely, sql } from "kysely";
import { createDb, type Database } from "../../src/platform/db";

/**
 * The test database as its owner role (MIGRATE_DATABASE_URL), for what the app role may not do:
 * creating a table of a test's own, or tampering with audit_events the way only an owner could.
 * The code under test keeps connecting as the app role (DATABASE_URL).
 */
export function ownerDb(): Kysely<Database> {
  const url = process.env.MIGRATE_DATABASE_URL;
  if (!url) throw new Error("MIGRATE_DATABASE_URL is not set: run the tests with ./scripts/test.sh");
  return createDb(url, 2);
}

/**
 * Fresh statistics for these tables, as a live database keeps them (autovacuum runs as the owner):
 * ANALYZE by the app role skips every table it does not own, with only a warning.
 */
export async function analyzeAsOwner(...tables: string[]): Promise<void> {
  const owner = ownerDb();
  try {
    await sql.raw(`analyze ${tables.map((table) => `"${table.replace(/"/g, "")}"`).join(", ")}`).execute(owner);
  } finally {
    await owner.destroy();
  }
}
