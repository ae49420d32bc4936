import type { Kysely } from "kysely";
import { type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import type { Database, MailStatus } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

export const MAIL_STATUSES: readonly MailStatus[] = ["queued", "sending", "sent", "failed", "skipped"];

export interface SentMailRow {
  id: string;
  template: string;
  recipientName: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const MAIL_KEY: KeyPart[] = [
  { column: "mail_messages.created_at", kind: "time" },
  { column: "mail_messages.id", kind: "uuid" },
];

/**
 * One page of the centre's outgoing email, newest first, by keyset after or before an email
 * (mail_messages_centre_created; with a status, mail_messages_centre_status_created_idx).
 */
export async function centreMail(
  db: Kysely<Database>,
  centreId: CentreId,
  filter: { status: MailStatus | null; at: PageAt; pageSize: number },
): Promise<KeysetPage<SentMailRow>> {
  let query = selectFromTenant(db, "mail_messages", centreId)
    .innerJoin("users", tenantJoin("users.id", "mail_messages.recipient_id"))
    .select([
      "mail_messages.id",
      "mail_messages.template",
      "users.name as recipientName",
      "mail_messages.status",
      "mail_messages.attempts",
      "mail_messages.last_error as lastError",
      "mail_messages.created_at as createdAt",
      "mail_messages.sent_at as sentAt",
      keyText(MAIL_KEY[0] as KeyPart).as("sortAt"),
    ]);
  if (filter.status) query = query.where("mail_messages.status", "=", filter.status);
  const page = await keysetPage(query, MAIL_KEY, (row) => [row.sortAt, row.id], filter.at, filter.pageSize, "desc");
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
}

/** How many of the centre's emails are waiting or have given up, for the page's summary. */
export async function undeliveredCounts(db: Kysely<Database>, centreId: CentreId): Promise<Record<MailStatus, number>> {
  const rows = await selectFromTenant(db, "mail_messages", centreId)
    .select(["status", db.fn.countAll<string>().as("count")])
    .where("status", "in", ["queued", "sending", "failed"])
    .groupBy("status")
    .execute();
  const counts = Object.fromEntries(MAIL_STATUSES.map((status) => [status, 0])) as Record<MailStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
