import { type Kysely, sql } from "kysely";
import { db } from "../../platform/db";
import type { AnnouncementAudience, Database, Role } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

export const ANNOUNCEMENTS_PAGE_SIZE = 20;
/** The home page shows this many: every unread one first, then those read in the last fortnight. */
export const HOME_ANNOUNCEMENTS = 5;
const HOME_READ_DAYS = 14;

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

/** Everything the person received, newest first; one extra row tells whether there is a next page. */
export function receivedPage(centreId: CentreId, userId: string, page: number): Promise<ReceivedRow[]> {
  return receivedBy(centreId, userId)
    .orderBy("announcements.created_at", "desc")
    .orderBy("announcements.id")
    .limit(ANNOUNCEMENTS_PAGE_SIZE + 1)
    .offset((page - 1) * ANNOUNCEMENTS_PAGE_SIZE)
    .execute();
}

/** What the home page shows: unread first, then recently read, newest first within each; none past its day. */
export function forHome(centreId: CentreId, userId: string): Promise<ReceivedRow[]> {
  return receivedBy(centreId, userId)
    .where((eb) =>
      eb.or([eb("announcements.home_until", "is", null), eb("announcements.home_until", ">", sql<Date>`now()`)]),
    )
    .where((eb) =>
      eb.or([
        eb("mine.read_at", "is", null),
        eb("announcements.created_at", ">", sql<Date>`now() - make_interval(days => ${HOME_READ_DAYS})`),
      ]),
    )
    .orderBy(sql`mine.read_at is null`, "desc")
    .orderBy("announcements.created_at", "desc")
    .limit(HOME_ANNOUNCEMENTS)
    .execute();
}

/** How many it reached and how many have read it, per announcement. */
function withCounts(centreId: CentreId) {
  return announcementsOf(db, centreId)
    .leftJoin("announcement_recipients as reached", tenantJoin("reached.announcement_id", "announcements.id"))
    .select((eb) => [
      eb.fn.count<string>("reached.user_id").as("reached"),
      eb.fn.count<string>("reached.read_at").as("read"),
    ])
    .groupBy(["announcements.id", "classes.name", "author.name"]);
}

function counted(row: AnnouncementRow & { reached: string | number; read: string | number }): PostedRow {
  return { ...row, reached: Number(row.reached), read: Number(row.read) };
}

/** The announcements one person posted (or, for `authorId` null, the whole centre's), newest first. */
export async function postedPage(centreId: CentreId, authorId: string | null, page: number): Promise<PostedRow[]> {
  let query = withCounts(centreId);
  if (authorId) query = query.where("announcements.author_id", "=", authorId);
  const rows = await query
    .orderBy("announcements.created_at", "desc")
    .orderBy("announcements.id")
    .limit(ANNOUNCEMENTS_PAGE_SIZE + 1)
    .offset((page - 1) * ANNOUNCEMENTS_PAGE_SIZE)
    .execute();
  return rows.map(counted);
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
