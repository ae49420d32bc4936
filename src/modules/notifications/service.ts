import { type Kysely, sql } from "kysely";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { handleOnce } from "../../platform/events";
import type { DomainEvent } from "../../platform/events/types";
import { isLocale, type Localisation, SOURCE_LOCALE, t, withLocalisation } from "../../platform/i18n";
import { log } from "../../platform/log";
import type { Actor } from "../../platform/principal";
import { type CentreId, trustedCentreId, updateTenant } from "../../platform/tenancy";
import { type Note, sourceText } from "./kinds";
import { pushNotification, pushUnreadCount } from "./live";
import { COLUMNS, NOTIFICATIONS_KEPT, type NotificationRow, readerLocale, unreadCount } from "./queries";

export type { Note };

export interface Recipient {
  centreId: string;
  userId: string;
}

async function insertNotification(trx: Kysely<Database>, to: Recipient, note: Note): Promise<NotificationRow> {
  const row = await trx
    .insertInto("notifications")
    .values({
      centre_id: to.centreId,
      user_id: to.userId,
      text: sourceText(note).slice(0, 500),
      kind: "kind" in note ? note.kind : null,
      params: "kind" in note ? sql<string>`cast(${JSON.stringify(note.params)}::text as jsonb)` : null,
      link: note.link ?? null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  // Only the newest are kept. Platform-internal: the recipient was named by our own code.
  await sql`delete from notifications
            where centre_id = ${to.centreId} and user_id = ${to.userId}
              and id < (select id from notifications
                        where centre_id = ${to.centreId} and user_id = ${to.userId}
                        order by id desc offset ${NOTIFICATIONS_KEPT - 1} limit 1)`.execute(trx);
  return { ...row, id: String(row.id) };
}

/** The reader's language and their centre's clock, for what is rendered for them outside their requests. */
async function readerLocalisation(centreId: CentreId, userId: string): Promise<Localisation> {
  const [own, centre] = await Promise.all([readerLocale(centreId, userId), loadCentreContext(centreId)]);
  return {
    locale: isLocale(own) ? own : (centre?.locale ?? SOURCE_LOCALE),
    timeZone: centre?.timeZone ?? "UTC",
  };
}

/**
 * Sends after the commit, in the reader's language (an event handler runs in no request of
 * theirs); a lost live push only delays the bell until the next page or reconnect.
 */
async function pushAfterCommit(to: Recipient, row: NotificationRow): Promise<void> {
  try {
    const centreId = trustedCentreId(to.centreId);
    const [unread, localisation] = await Promise.all([
      unreadCount(db, centreId, to.userId),
      readerLocalisation(centreId, to.userId),
    ]);
    await withLocalisation(localisation, () => pushNotification(to.userId, row, unread));
  } catch (error) {
    log.warn({ err: error, userId: to.userId }, "live push of a notification failed");
  }
}

/**
 * Tells someone something. From an event handler pass `once` (the event and the handler's name):
 * the notification is then recorded exactly once however often the job is retried. `alongside`
 * runs in the same transaction and exactly-once record (the email about the same news).
 */
export async function notify(
  to: Recipient,
  note: Note,
  once?: { event: DomainEvent; handler: string },
  alongside?: (trx: Kysely<Database>) => Promise<unknown>,
): Promise<boolean> {
  let row: NotificationRow | undefined;
  const work = async (trx: Kysely<Database>) => {
    row = await insertNotification(trx, to, note);
    await alongside?.(trx);
  };
  await db.transaction().execute(async (trx) => {
    if (once) await handleOnce(trx, once.event.id, once.handler, work);
    else await work(trx);
  });
  if (!row) return false;
  await pushAfterCommit(to, row);
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
