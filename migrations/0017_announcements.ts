import { type Kysely, sql } from "kysely";

/**
 * Announcements and who they reached. The audience is resolved once, when the announcement is
 * posted, into one recipient row per person: the reached count, each reader's read mark and the
 * emails all come from those rows, so a class that changes later does not change who was told.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("announcements")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("author_id", "uuid", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("audience", "text", (col) => col.notNull().check(sql`audience in ('centre','parents','class')`))
    // A class that is later deleted leaves its announcements, addressed to "a class no longer there".
    .addColumn("class_id", "uuid", (col) => col.references("classes.id").onDelete("set null"))
    .addColumn("title", "text", (col) => col.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn("body", "text", (col) => col.notNull().check(sql`length(body) between 1 and 10000`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    // Optional: the end of the last day (centre time) it stays on home pages; the lists keep it.
    .addColumn("home_until", "timestamptz")
    .addCheckConstraint("announcements_class_audience", sql`audience = 'class' or class_id is null`)
    .execute();
  await sql`create index announcements_centre_created_idx on announcements (centre_id, created_at desc, id)`.execute(
    db,
  );
  await sql`create index announcements_centre_author_idx on announcements (centre_id, author_id, created_at desc)`.execute(
    db,
  );

  await db.schema
    .createTable("announcement_recipients")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("announcement_id", "uuid", (col) => col.notNull().references("announcements.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("read_at", "timestamptz")
    .addPrimaryKeyConstraint("announcement_recipients_pkey", ["centre_id", "announcement_id", "user_id"])
    .execute();
  await sql`create index announcement_recipients_reader_idx
            on announcement_recipients (centre_id, user_id, announcement_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("announcement_recipients").execute();
  await db.schema.dropTable("announcements").execute();
}
