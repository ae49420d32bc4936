import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Parents linked to students. Both sides belong to the same centre as the link.
  await db.schema
    .createTable("guardianships")
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("parent_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("guardianships_pkey", ["centre_id", "parent_id", "student_id"])
    .execute();
  await sql`create index guardianships_centre_student_idx on guardianships (centre_id, student_id)`.execute(db);

  // COPPA consent: an append-only record of every grant and withdrawal; the latest one counts.
  await db.schema
    .createTable("consent_events")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("parent_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("action", "text", (col) => col.notNull().check(sql`action in ('given','withdrawn')`))
    .addColumn("method", "text", (col) => col.notNull())
    .addColumn("ip", "text", (col) => col.notNull())
    .addColumn("user_agent", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index consent_events_centre_student_idx on consent_events (centre_id, student_id, id desc)`.execute(
    db,
  );
  await sql`
    create function consent_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'consent_events is append-only';
    end $$`.execute(db);
  await sql`
    create trigger consent_events_no_change before update or delete on consent_events
    for each row execute function consent_events_append_only()`.execute(db);

  // One-time links: invitations and admin-issued password resets. Only a hash of the token is kept.
  await db.schema
    .createTable("user_tokens")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.references("centres.id"))
    .addColumn("user_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (col) => col.notNull().check(sql`purpose in ('invitation','password_reset')`))
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("created_by", "uuid", (col) => col.references("users.id"))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index user_tokens_centre_user_idx on user_tokens (centre_id, user_id)`.execute(db);

  // Kiosk devices: a revocable device credential, paired with a short one-time code.
  await db.schema
    .createTable("kiosk_devices")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id"))
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn("pairing_code_hash", "text")
    .addColumn("pairing_expires_at", "timestamptz")
    .addColumn("paired_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_by", "uuid", (col) => col.references("users.id"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index kiosk_devices_centre_idx on kiosk_devices (centre_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("kiosk_devices").execute();
  await db.schema.dropTable("user_tokens").execute();
  await db.schema.dropTable("consent_events").execute();
  await sql`drop function consent_events_append_only`.execute(db);
  await db.schema.dropTable("guardianships").execute();
}
