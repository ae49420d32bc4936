import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Domain events written in the same transaction as the change they describe; a drainer in the
  // worker moves them to BullMQ, so a crash between commit and enqueue loses nothing.
  await db.schema
    .createTable("outbox_events")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("centre_id", "uuid", (col) => col.references("centres.id").onDelete("cascade"))
    .addColumn("type", "text", (col) => col.notNull().check(sql`type ~ '^[a-z_]+\\.[a-z_]+$'`))
    .addColumn("payload", "jsonb", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .execute();
  // The drainer only ever looks for what is still unpublished: this index stays tiny.
  await sql`create index outbox_events_unpublished_idx on outbox_events (id) where published_at is null`.execute(db);
  await sql`create index outbox_events_published_at_idx on outbox_events (published_at) where published_at is not null`.execute(
    db,
  );

  // One row per (event, handler) whose effect is done; written in the handler's own transaction,
  // so a retried job skips what already happened.
  await db.schema
    .createTable("handled_events")
    .addColumn("event_id", "bigint", (col) => col.notNull())
    .addColumn("handler", "text", (col) => col.notNull().check(sql`length(handler) between 1 and 200`))
    .addColumn("handled_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("handled_events_pkey", ["event_id", "handler"])
    .execute();
  await sql`create index handled_events_handled_at_idx on handled_events (handled_at)`.execute(db);

  // In-app notifications: kept in PostgreSQL (Redis may evict under memory pressure), the newest
  // 100 per person; the id doubles as the SSE event id for Last-Event-ID resume.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("centre_id", "uuid", (col) => col.notNull().references("centres.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("text", "text", (col) => col.notNull().check(sql`length(text) between 1 and 500`))
    .addColumn("link", "text", (col) => col.check(sql`link ~ '^/[^/]'`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("read_at", "timestamptz")
    .execute();
  await sql`create index notifications_centre_user_id_idx on notifications (centre_id, user_id, id desc)`.execute(db);
  await sql`create index notifications_unread_idx on notifications (centre_id, user_id) where read_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("notifications").execute();
  await db.schema.dropTable("handled_events").execute();
  await db.schema.dropTable("outbox_events").execute();
}
