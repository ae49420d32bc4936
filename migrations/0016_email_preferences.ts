import { type Kysely, sql } from "kysely";

/**
 * Email by preference (src/modules/notifications): each person's choice per kind of email
 * (no row = the kind's default), the lines waiting for their daily digest, and the overdue
 * homework each student's parents were already told about (told once per student and homework).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kinds = sql`kind in ('homework_marked', 'redo_requested', 'absence', 'homework_overdue', 'badge_earned', 'announcement', 'message')`;
  await db.schema
    .createTable("email_preferences")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("user_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull().check(kinds))
    .addColumn("choice", "text", (col) => col.notNull().check(sql`choice in ('immediate', 'digest', 'off')`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("email_preferences_pkey", ["centre_id", "user_id", "kind"])
    .execute();

  await db.schema
    .createTable("digest_items")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("user_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    // The logical email this line stands for: the same key twice is one line.
    .addColumn("key", "text", (col) => col.notNull().unique())
    .addColumn("kind", "text", (col) => col.notNull().check(kinds))
    // The line as a notification note, put into words when the digest is composed.
    .addColumn("note_kind", "text")
    .addColumn("params", "jsonb")
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("link", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    // The digest (its mail key) that carried the line; null while it waits.
    .addColumn("mail_key", "text")
    .addCheckConstraint("digest_items_note", sql`(note_kind is null) = (params is null)`)
    .execute();
  await sql`create index digest_items_waiting_idx on digest_items (centre_id, user_id, id) where mail_key is null`.execute(
    db,
  );

  await db.schema
    .createTable("homework_overdue_notices")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("homework_id", "uuid", (col) => col.notNull().references("homework.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("noticed_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("homework_overdue_notices_pkey", ["centre_id", "homework_id", "student_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("homework_overdue_notices").execute();
  await db.schema.dropTable("digest_items").execute();
  await db.schema.dropTable("email_preferences").execute();
}
