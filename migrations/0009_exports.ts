import { type Kysely, sql } from "kysely";

/** CSV exports a centre admin requests and a worker generates; the CSV itself is a files row. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("exports")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('attendance','homework_completion','marks','xp')`),
    )
    // The date range (and any later options) the rows were chosen by.
    .addColumn("params", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("queued").check(sql`status in ('queued','running','done','failed')`),
    )
    .addColumn("rows_written", "integer", (col) => col.notNull().defaultTo(0).check(sql`rows_written >= 0`))
    .addColumn("file_id", "uuid", (col) => col.references("files.id").onDelete("set null"))
    .addColumn("requested_by", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("error", "text")
    .execute();
  // The exports page lists a centre's exports newest first.
  await sql`create index exports_centre_created_idx on exports (centre_id, created_at desc, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("exports").execute();
}
