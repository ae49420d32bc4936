import { type Kysely, sql } from "kysely";
import { currentCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { onceClaim } from "../../platform/events";
import type { DomainEvent } from "../../platform/events/types";
import { isLocale, type Localisation, SOURCE_LOCALE, t, withLocalisation } from "../../platform/i18n";
import { log } from "../../platform/log";
import type { Actor } from "../../platform/principal";
import { type CentreId, trustedCentreId, updateTenant } from "../../platform/tenancy";
import { type EmailByPreference, emailChoiceSql, emailPerPreference } from "./email";
import { type Note, sourceText } from "./kinds";
import { pushNotification, pushUnreadCount } from "./live";
import type { EmailChoice, EmailKind } from "./preferences";
import { COLUMNS, NOTIFICATIONS_KEPT, type NotificationRow, unreadCount } from "./queries";

export type { Note };

export interface Recipient {
  centreId: string;
  userId: string;
}

interface InsertedNotification {
  row: NotificationRow;
  /** The reader's unread count with the new note, as of the insert. */
  unread: number;
  /** The reader's own language, if they chose one. */
  locale: string | null;
  /** How they take email of the kind asked for (emailChoiceSql): "off" when they cannot be emailed. */
  emailChoice: EmailChoice;
}

/**
 * Adds the note, trims the reader's list to the newest NOTIFICATIONS_KEPT, and reads what the live
 * push needs (their unread count and language), in one statement. Every part of it sees the list
 * as it was before the statement: the newest KEPT - 1 older notes stay beside the new one, and the
 * unread count is the older unread ones left plus the new one. With `once`, the exactly-once claim
 * is part of the same statement, and a note already told (claim taken) adds, trims and returns
 * nothing. Platform-internal: the recipient was named by our own code.
 */
async function insertNotification(
  executor: Kysely<Database>,
  to: Recipient,
  note: Note,
  once?: Once,
  emailKind?: EmailKind,
): Promise<InsertedNotification | undefined> {
  const kind = "kind" in note ? note.kind : null;
  const params = "kind" in note ? JSON.stringify(note.params) : null;
  const claimed = once ? sql`claimed as (${onceClaim(once.event.id, once.handler)}),` : sql``;
  const ifClaimed = once ? sql`where exists (select from claimed)` : sql``;
  const andClaimed = once ? sql`and exists (select from claimed)` : sql``;
  const emailChoice = emailKind ? emailChoiceSql(to.centreId, to.userId, emailKind) : sql`null`;
  const { rows } = await sql<
    NotificationRow & { unread: number; locale: string | null; email_choice: EmailChoice | null }
  >`
    with ${claimed} inserted as (
      insert into notifications (centre_id, user_id, text, kind, params, link)
      select ${to.centreId}::uuid, ${to.userId}::uuid, ${sourceText(note).slice(0, 500)}::text, ${kind}::text,
             cast(${params}::text as jsonb), ${note.link ?? null}::text
      ${ifClaimed}
      returning ${sql.join(COLUMNS.map((column) => sql.ref(column)))}
    ), trimmed as (
      delete from notifications
      where centre_id = ${to.centreId} and user_id = ${to.userId}
        and id < (select id from notifications
                  where centre_id = ${to.centreId} and user_id = ${to.userId}
                  order by id desc offset ${NOTIFICATIONS_KEPT - 2} limit 1)
        ${andClaimed}
      returning read_at
    )
    select inserted.*,
      (select count(*)::int from notifications
       where centre_id = ${to.centreId} and user_id = ${to.userId} and read_at is null)
      - (select count(*)::int from trimmed where read_at is null) + 1 as unread,
      (select locale from users where centre_id = ${to.centreId} and id = ${to.userId}) as locale,
      ${emailChoice} as email_choice
    from inserted`.execute(executor);
  const found = rows[0];
  if (!found) return undefined;
  const { unread, locale, email_choice, ...row } = found;
  return { row: { ...row, id: String(row.id) }, unread, locale, emailChoice: email_choice ?? "off" };
}

/** The reader's language and their centre's clock, for what is rendered for them outside their requests. */
async function readerLocalisation(centreId: CentreId, own: string | null): Promise<Localisation> {
  const centre = await currentCentreContext(centreId);
  return {
    locale: isLocale(own) ? own : (centre?.locale ?? SOURCE_LOCALE),
    timeZone: centre?.timeZone ?? "UTC",
  };
}

/**
 * Sends after the commit, in the reader's language (an event handler runs in no request of
 * theirs); a lost live push only delays the bell until the next page or reconnect.
 */
async function pushAfterCommit(to: Recipient, inserted: InsertedNotification): Promise<void> {
  try {
    const localisation = await readerLocalisation(trustedCentreId(to.centreId), inserted.locale);
    await withLocalisation(localisation, () => pushNotification(to.userId, inserted.row, inserted.unread));
  } catch (error) {
    log.warn({ err: error, userId: to.userId }, "live push of a notification failed");
  }
}

/** An event handler's exactly-once record of a note: the event and the handler's name. */
type Once = { event: DomainEvent; handler: string };

/**
 * Tells someone something. From an event handler pass `once` (the event and the handler's name):
 * the notification is then recorded exactly once however often the job is retried. `alongside`
 * commits with the note and its exactly-once record: an email about the same news by the reader's
 * preference (their choice read in the note's statement), or any work. Without it the note, its
 * record and the trim are one statement and need no transaction.
 */
export async function notify<P>(
  to: Recipient,
  note: Note,
  once?: Once,
  alongside?: EmailByPreference<P> | ((trx: Kysely<Database>) => Promise<unknown>),
): Promise<boolean> {
  const email = typeof alongside === "object" ? alongside : undefined;
  const inserted = alongside
    ? await db.transaction().execute(async (trx) => {
        const added = await insertNotification(trx, to, note, once, email?.kind);
        if (!added) return added;
        if (email) await emailPerPreference(trx, { ...email, choice: added.emailChoice });
        else if (typeof alongside === "function") await alongside(trx);
        return added;
      })
    : await insertNotification(db, to, note, once);
  if (!inserted) return false;
  await pushAfterCommit(to, inserted);
  return true;
}

export async function markRead(actor: Actor, id: string): Promise<void> {
  const result = await updateTenant(db, "notifications", actor.centreId)
    .set({ read_at: new Date() })
    .where("user_id", "=", actor.userId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError(t("notifications.notFound"));
  await refreshCount(actor.centreId, actor.userId);
}

export async function markAllRead(actor: Actor): Promise<void> {
  await updateTenant(db, "notifications", actor.centreId)
    .set({ read_at: new Date() })
    .where("user_id", "=", actor.userId)
    .where("read_at", "is", null)
    .execute();
  await refreshCount(actor.centreId, actor.userId);
}

/** Other open windows of the same person update their bell too. */
async function refreshCount(centreId: CentreId, userId: string): Promise<void> {
  await pushUnreadCount(userId, await unreadCount(db, centreId, userId)).catch((error) =>
    log.warn({ err: error }, "live push of the unread count failed"),
  );
}
