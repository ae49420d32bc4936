import type { Kysely } from "kysely";
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

/** One page of the centre's outgoing email, newest first; one more row than asked says there is a next page. */
export async function centreMail(
  db: Kysely<Database>,
  centreId: CentreId,
  filter: { status: MailStatus | null; page: number; pageSize: number },
): Promise<{ rows: SentMailRow[]; hasMore: boolean }> {
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
    ]);
  if (filter.status) query = query.where("mail_messages.status", "=", filter.status);
  const rows = await query
    .orderBy("mail_messages.created_at", "desc")
    .orderBy("mail_messages.id")
    .limit(filter.pageSize + 1)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { rows: rows.slice(0, filter.pageSize), hasMore: rows.length > filter.pageSize };
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
