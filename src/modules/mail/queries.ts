import type { Kysely } from "kysely";
import { cappedCount, type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
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

/** The summary's counts stop here ("more than 999"): the cost stays bounded however much is stuck. */
export const UNDELIVERED_COUNT_CAP = 1000;

/**
 * How many of the centre's emails are waiting (queued or sending) and have given up (failed), for
 * the page's summary: each counted up to UNDELIVERED_COUNT_CAP through
 * mail_messages_centre_status_created_idx.
 */
export async function undeliveredCounts(
  db: Kysely<Database>,
  centreId: CentreId,
): Promise<{ waiting: number; failed: number }> {
  const inStatus = (statuses: MailStatus[]) =>
    selectFromTenant(db, "mail_messages", centreId).where("status", "in", statuses).select("id");
  const [waiting, failed] = await Promise.all([
    cappedCount(db, inStatus(["queued", "sending"]), UNDELIVERED_COUNT_CAP),
    cappedCount(db, inStatus(["failed"]), UNDELIVERED_COUNT_CAP),
  ]);
  return { waiting, failed };
}
