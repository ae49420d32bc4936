import { type Kysely, sql } from "kysely";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

export const NOTIFICATIONS_PAGE_SIZE = 20;
/** Each person keeps their newest 100 notifications; a reconnecting stream replays at most these. */
export const NOTIFICATIONS_KEPT = 100;

export interface NotificationRow {
  id: string;
  text: string;
  kind: string | null;
  params: Record<string, string | number> | null;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

export const COLUMNS = ["id", "text", "kind", "params", "link", "created_at", "read_at"] as const;

export async function unreadCount(executor: Kysely<Database>, centreId: CentreId, userId: string): Promise<number> {
  const row = await selectFromTenant(executor, "notifications", centreId)
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Newest first, keyset-paginated by id; one extra row tells whether there is an older page. With
 * the reader's unread count (as unreadCount) from the same statement: the page shows both.
 */
export async function notificationsPage(
  centreId: CentreId,
  userId: string,
  before: string | null,
): Promise<{ rows: NotificationRow[]; older: string | null; unread: number }> {
  const { rows } = await sql<{ [K in keyof NotificationRow]: NotificationRow[K] | null } & { unread: string }>`
    select page.id, page.text, page.kind, page.params, page.link, page.created_at, page.read_at, counted.unread
    from (
      select count(*) as unread from notifications
      where centre_id = ${centreId} and user_id = ${userId} and read_at is null
    ) counted
    left join lateral (
      select id, text, kind, params, link, created_at, read_at from notifications
      where centre_id = ${centreId} and user_id = ${userId} ${before ? sql`and id < ${before}` : sql``}
      order by id desc
      limit ${NOTIFICATIONS_PAGE_SIZE + 1}
    ) page on true
    order by page.id desc`.execute(db);
  const listed = rows.filter((row): row is NotificationRow & { unread: string } => row.id !== null);
  const page = listed.slice(0, NOTIFICATIONS_PAGE_SIZE).map(({ unread: _, ...row }) => row);
  return {
    rows: page,
    older: listed.length > NOTIFICATIONS_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
    unread: Number(rows[0]?.unread ?? 0),
  };
}

/** What a stream resuming from Last-Event-ID missed, oldest first. */
export async function notificationsAfter(
  centreId: CentreId,
  userId: string,
  afterId: string,
): Promise<NotificationRow[]> {
  return selectFromTenant(db, "notifications", centreId)
    .where("user_id", "=", userId)
    .where("id", ">", afterId)
    .select(COLUMNS)
    .orderBy("id", "asc")
    .limit(NOTIFICATIONS_KEPT)
    .execute();
}

/** The language a person reads their notifications in: their own, else their centre's. */
export async function readerLocale(centreId: CentreId, userId: string): Promise<string | null> {
  const row = await selectFromTenant(db, "users", centreId)
    .where("id", "=", userId)
    .select("locale")
    .executeTakeFirst();
  return row?.locale ?? null;
}
