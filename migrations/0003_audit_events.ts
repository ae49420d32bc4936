import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("audit_events")
    // "by default" so the writer can reserve the id first: the id is part of the row's hash.
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedByDefaultAsIdentity())
    // Null for platform-level events, which form their own chain.
    .addColumn("centre_id", "uuid", (col) => col.references("centres.id").onDelete("restrict"))
    .addColumn("actor_id", "uuid")
    .addColumn("actor_role", "text")
    .addColumn("action", "text", (col) => col.notNull().check(sql`action ~ '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$'`))
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("before", "jsonb")
    .addColumn("after", "jsonb")
    // Text, not inet: the hash covers the address exactly as written, and inet would rewrite it.
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("prev_hash", "text")
    .addColumn("hash", "text", (col) => col.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .execute();

  // centre_id leads every index: the viewer always reads one centre's log.
  await sql`create index audit_events_centre_time_idx on audit_events (centre_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index audit_events_centre_action_idx on audit_events (centre_id, action, created_at desc)`.execute(
    db,
  );
  await sql`create index audit_events_centre_actor_idx on audit_events (centre_id, actor_id, created_at desc)`.execute(
    db,
  );

  // The log is append-only at the database, whatever the application does.
  await sql`
    create function audit_events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_events_no_update_delete before update or delete on audit_events
    for each row execute function audit_events_refuse_change()`.execute(db);
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("audit_events").execute();
  await sql`drop function audit_events_refuse_change()`.execute(db);
}
