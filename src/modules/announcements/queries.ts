import { type Kysely, sql } from "kysely";
import { db } from "../../platform/db";
import { type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import type { AnnouncementAudience, Database, Role } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

export const ANNOUNCEMENTS_PAGE_SIZE = 20;
/** The home page shows this many: every unread one first, then those read in the last fortnight. */
export const HOME_ANNOUNCEMENTS = 5;
const HOME_READ_DAYS = 14;
const DAY_MS = 86_400_000;

export interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  classId: string | null;
  className: string | null;
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
  homeUntil: Date | null;
}

/** As a reader sees it: with when they read it (null while unread). */
export interface ReceivedRow extends AnnouncementRow {
  readAt: Date | null;
}

/** As its author and the admins see it: with how many it reached and how many have read it. */
export interface PostedRow extends AnnouncementRow {
  reached: number;
  read: number;
}

function announcementsOf(executor: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(executor, "announcements", centreId)
    .leftJoin("classes", tenantJoin("classes.id", "announcements.class_id"))
    .leftJoin("users as author", tenantJoin("author.id", "announcements.author_id"))
    .select([
      "announcements.id",
      "announcements.title",
      "announcements.body",
      "announcements.audience",
      "announcements.class_id as classId",
      "classes.name as className",
      "announcements.author_id as authorId",
      "author.name as authorName",
      "announcements.created_at as createdAt",
      "announcements.home_until as homeUntil",
    ]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function announcementById(
  executor: Kysely<Database>,
  centreId: CentreId,
  id: string,
): Promise<AnnouncementRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return announcementsOf(executor, centreId).where("announcements.id", "=", id).executeTakeFirst();
}

function receivedBy(centreId: CentreId, userId: string) {
  return announcementsOf(db, centreId)
    .innerJoin("announcement_recipients as mine", tenantJoin("mine.announcement_id", "announcements.id"))
    .where("mine.user_id", "=", userId)
    .select("mine.read_at as readAt");
}

/** Whether the person was reached by the announcement, and whether they have read it. */
export async function receipt(
  centreId: CentreId,
  announcementId: string,
  userId: string,
): Promise<{ readAt: Date | null } | undefined> {
  if (!UUID.test(announcementId)) return undefined;
  return selectFromTenant(db, "announcement_recipients", centreId)
    .where("announcement_id", "=", announcementId)
    .where("user_id", "=", userId)
    .select("read_at as readAt")
    .executeTakeFirst();
}

export function receivedAnnouncement(centreId: CentreId, userId: string, id: string): Promise<ReceivedRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return receivedBy(centreId, userId).where("announcements.id", "=", id).executeTakeFirst();
}

const ANNOUNCEMENT_KEY: KeyPart[] = [
  { column: "announcements.created_at", kind: "time" },
  { column: "announcements.id", kind: "uuid" },
];

/** Everything the person received, newest first: a page after or before an announcement, by keyset. */
export async function receivedPage(centreId: CentreId, userId: string, at: PageAt): Promise<KeysetPage<ReceivedRow>> {
  const page = await keysetPage(
    receivedBy(centreId, userId).select(keyText(ANNOUNCEMENT_KEY[0] as KeyPart).as("sortAt")),
    ANNOUNCEMENT_KEY,
    (row) => [row.sortAt, row.id],
    at,
    ANNOUNCEMENTS_PAGE_SIZE,
    "desc",
  );
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
}

/** forHome's conditions at a moment: not past its day on the home page, and unread or recent. */
export function onHome(row: ReceivedRow, now: Date): boolean {
  const day = row.homeUntil === null || row.homeUntil.getTime() > now.getTime();
  return day && (row.readAt === null || row.createdAt.getTime() > now.getTime() - HOME_READ_DAYS * DAY_MS);
}

/** What the home page shows: unread first, then recently read, newest first within each; none past its day. */
export function forHome(centreId: CentreId, userId: string, now = new Date()): Promise<ReceivedRow[]> {
  return receivedBy(centreId, userId)
    .where((eb) => eb.or([eb("announcements.home_until", "is", null), eb("announcements.home_until", ">", now)]))
    .where((eb) =>
      eb.or([
        eb("mine.read_at", "is", null),
        eb("announcements.created_at", ">", new Date(now.getTime() - HOME_READ_DAYS * DAY_MS)),
      ]),
    )
    .orderBy(sql`mine.read_at is null`, "desc")
    .orderBy("announcements.created_at", "desc")
    .limit(HOME_ANNOUNCEMENTS)
    .execute();
}

/**
 * The announcements one person posted (or, for `authorId` null, the whole centre's), newest first:
 * the page by keyset (announcements_centre_created_idx / _author_idx), then how many each reached
 * and how many have read it, counted for the page's announcements alone.
 */
export async function postedPage(
  centreId: CentreId,
  authorId: string | null,
  at: PageAt,
): Promise<KeysetPage<PostedRow>> {
  let query = announcementsOf(db, centreId).select(keyText(ANNOUNCEMENT_KEY[0] as KeyPart).as("sortAt"));
  if (authorId) query = query.where("announcements.author_id", "=", authorId);
  const page = await keysetPage(
    query,
    ANNOUNCEMENT_KEY,
    (row) => [row.sortAt, row.id],
    at,
    ANNOUNCEMENTS_PAGE_SIZE,
    "desc",
  );
  const ids = page.rows.map((row) => row.id);
  const counts = ids.length
    ? await selectFromTenant(db, "announcement_recipients", centreId)
        .where("announcement_id", "in", ids)
        .groupBy("announcement_id")
        .select((eb) => [
          "announcement_id as id",
          eb.fn.countAll<string>().as("reached"),
          eb.fn.count<string>("read_at").as("read"),
        ])
        .execute()
    : [];
  const byId = new Map(counts.map((row) => [row.id, row]));
  return {
    ...page,
    rows: page.rows.map(({ sortAt: _, ...row }) => {
      const count = byId.get(row.id);
      return { ...row, reached: Number(count?.reached ?? 0), read: Number(count?.read ?? 0) };
    }),
  };
}

export async function readCounts(centreId: CentreId, id: string): Promise<{ reached: number; read: number }> {
  const row = await selectFromTenant(db, "announcement_recipients", centreId)
    .where("announcement_id", "=", id)
    .select((eb) => [eb.fn.countAll<string>().as("reached"), eb.fn.count<string>("read_at").as("read")])
    .executeTakeFirstOrThrow();
  return { reached: Number(row.reached), read: Number(row.read) };
}

export interface ReaderRow {
  userId: string;
  name: string;
  role: Role;
  readAt: Date | null;
}

/** Everyone the announcement reached, unread first, then by name: the admins' per-person list. */
export function readersOf(centreId: CentreId, id: string): Promise<ReaderRow[]> {
  return selectFromTenant(db, "announcement_recipients", centreId)
    .innerJoin("users", tenantJoin("users.id", "announcement_recipients.user_id"))
    .where("announcement_recipients.announcement_id", "=", id)
    .select(["users.id as userId", "users.name", "users.role", "announcement_recipients.read_at as readAt"])
    .orderBy(sql`announcement_recipients.read_at is null`, "desc")
    .orderBy("users.name")
    .execute();
}

/** The people an announcement reached who may have an email address: everyone but students. */
export async function recipientsToEmail(centreId: CentreId, id: string): Promise<string[]> {
  const rows = await selectFromTenant(db, "announcement_recipients", centreId)
    .innerJoin("users", tenantJoin("users.id", "announcement_recipients.user_id"))
    .where("announcement_recipients.announcement_id", "=", id)
    .where("users.role", "!=", "student")
    .select("users.id")
    .orderBy("users.id")
    .execute();
  return rows.map((row) => row.id);
}
