import { type Kysely, sql } from "kysely";

/**
 * Message threads between a student's parents and the staff who look after the student. Every
 * message is kept: a trigger refuses UPDATE, DELETE and TRUNCATE on thread_messages, so what a
 * parent and a tutor said stays readable to the centre's admins (safeguarding).
 */
const centre = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().references("centres.id");
const now = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().defaultTo(sql`now()`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("message_threads")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", centre)
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("subject", "text", (col) => col.notNull().check(sql`length(subject) between 1 and 150`))
    .addColumn("opened_by", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("closed_at", "timestamptz")
    .addColumn("closed_by", "uuid", (col) => col.references("users.id"))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("last_message_at", "timestamptz", now)
    .addCheckConstraint("message_threads_closed_by", sql`(closed_at is null) = (closed_by is null)`)
    .execute();
  await sql`create index message_threads_centre_last_idx on message_threads (centre_id, last_message_at desc, id)`.execute(
    db,
  );
  await sql`create index message_threads_centre_student_idx on message_threads (centre_id, student_id)`.execute(db);

  await db.schema
    .createTable("message_participants")
    .addColumn("centre_id", "uuid", centre)
    .addColumn("thread_id", "uuid", (col) => col.notNull().references("message_threads.id"))
    .addColumn("user_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("joined_at", "timestamptz", now)
    .addColumn("last_read_at", "timestamptz")
    // When this person was last emailed about the thread: a new nudge waits until they have read since.
    .addColumn("nudged_at", "timestamptz")
    .addPrimaryKeyConstraint("message_participants_pk", ["thread_id", "user_id"])
    .execute();
  await sql`create index message_participants_centre_user_idx on message_participants (centre_id, user_id)`.execute(db);

  await db.schema
    .createTable("thread_messages")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("centre_id", "uuid", centre)
    .addColumn("thread_id", "uuid", (col) => col.notNull().references("message_threads.id"))
    .addColumn("author_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("body", "text", (col) => col.notNull().check(sql`length(body) between 1 and 4000`))
    .addColumn("created_at", "timestamptz", now)
    .execute();
  await sql`create index thread_messages_centre_thread_idx on thread_messages (centre_id, thread_id, id)`.execute(db);
  await sql`
    create function thread_messages_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'thread_messages is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger thread_messages_no_update_delete before update or delete on thread_messages
    for each row execute function thread_messages_refuse_change()`.execute(db);
  await sql`
    create trigger thread_messages_no_truncate before truncate on thread_messages
    for each statement execute function thread_messages_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("thread_messages").execute();
  await sql`drop function thread_messages_refuse_change()`.execute(db);
  await db.schema.dropTable("message_participants").execute();
  await db.schema.dropTable("message_threads").execute();
}
