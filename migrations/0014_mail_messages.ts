import { type Kysely, sql } from "kysely";

/**
 * The log of outgoing email. One row is one logical email (its `key`), so queueing it twice or
 * retrying its job sends it once. The recipient is named by id: the address is opened only by
 * the worker that composes the message. Parameters (which may hold a one-time link) are kept
 * encrypted until the email is sent, then cleared; the body itself is never stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("mail_messages")
    .addColumn("id", "uuid", (col) => col.primaryKey())
    .addColumn("key", "text", (col) => col.notNull().unique())
    .addColumn("centre_id", "uuid", (col) => col.references("centres.id").onDelete("cascade"))
    .addColumn("recipient_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("template", "text", (col) => col.notNull())
    .addColumn("params_encrypted", "text")
    .addColumn("unsubscribe_url", "text")
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("queued").check(sql`status in ('queued', 'sending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("message_id", "text", (col) => col.notNull())
    .addColumn("provider_response", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .execute();
  await sql`create index mail_messages_centre_created on mail_messages (centre_id, created_at desc)`.execute(db);
  await sql`create index mail_messages_unsent on mail_messages (created_at) where status in ('queued', 'sending', 'failed')`.execute(
    db,
  );
  await sql`create index mail_messages_recipient on mail_messages (recipient_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("mail_messages").execute();
}
