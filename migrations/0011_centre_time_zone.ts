import type { Kysely } from "kysely";

/** One spelling of "time zone" in code: the column follows the snake_case of every other column. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("centres").renameColumn("timezone", "time_zone").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("centres").renameColumn("time_zone", "timezone").execute();
}
