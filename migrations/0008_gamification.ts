import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // The XP ledger is the truth; levels, streaks, badges and the Redis leaderboards derive from it.
  // No ON DELETE CASCADE: the ledger is append-only, so a centre or student with XP history is
  // not deleted silently.
  await db.schema
    .createTable("xp_ledger")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("amount", "integer", (col) => col.notNull().check(sql`amount between 1 and 1000`))
    .addColumn("reason", "text", (col) => col.notNull().check(sql`length(reason) between 1 and 200`))
    .addColumn("source_type", "text", (col) =>
      col.notNull().check(sql`source_type in ('exercise', 'homework', 'attendance', 'award')`),
    )
    .addColumn("source_id", "uuid", (col) => col.notNull())
    .addColumn("awarded_by", "uuid", (col) => col.references("users.id"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    // One award per thing that happened: a re-delivered event cannot pay twice.
    .addUniqueConstraint("xp_ledger_once", ["centre_id", "source_type", "source_id", "student_id"])
    .execute();
  // A student's history (streaks, badges, "my XP") and a centre's history by time (rebuilds).
  await sql`create index xp_ledger_centre_student_idx on xp_ledger (centre_id, student_id, created_at)`.execute(db);
  await sql`create index xp_ledger_centre_time_idx on xp_ledger (centre_id, created_at)`.execute(db);

  await sql`
    create function xp_ledger_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'xp_ledger is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger xp_ledger_no_update_delete before update or delete on xp_ledger
    for each row execute function xp_ledger_refuse_change()`.execute(db);
  await sql`
    create trigger xp_ledger_no_truncate before truncate on xp_ledger
    for each statement execute function xp_ledger_refuse_change()`.execute(db);

  await db.schema
    .createTable("badges_earned")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("badge", "text", (col) => col.notNull().check(sql`badge ~ '^[a-z0-9_]{1,40}$'`))
    .addColumn("entry_id", "bigint", (col) => col.notNull().references("xp_ledger.id"))
    .addColumn("earned_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("badges_earned_pkey", ["centre_id", "student_id", "badge"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("badges_earned").execute();
  await db.schema.dropTable("xp_ledger").execute();
  await sql`drop function xp_ledger_refuse_change()`.execute(db);
}
