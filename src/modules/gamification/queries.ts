import { type Kysely, sql } from "kysely";
import type { Database, XpSourceType } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

export const SOURCE_TYPES: readonly XpSourceType[] = ["exercise", "homework", "attendance", "award"];

export interface XpTotals {
  totalXp: number;
  counts: Record<XpSourceType, number>;
}

/** A student's XP and how many awards of each kind, from the ledger. */
export async function xpTotals(db: Kysely<Database>, centreId: CentreId, studentId: string): Promise<XpTotals> {
  const rows = await selectFromTenant(db, "xp_ledger", centreId)
    .where("student_id", "=", studentId)
    .select(["source_type", sql<string>`count(*)`.as("entries"), sql<string>`sum(amount)`.as("xp")])
    .groupBy("source_type")
    .execute();
  const counts = Object.fromEntries(SOURCE_TYPES.map((type) => [type, 0])) as Record<XpSourceType, number>;
  let totalXp = 0;
  for (const row of rows) {
    counts[row.source_type] = Number(row.entries);
    totalXp += Number(row.xp);
  }
  return { totalXp, counts };
}

/** Streaks longer than this are shown as this: the query stays bounded. */
export const STREAK_HORIZON_DAYS = 400;

/** Distinct local days (centre time zone) with XP, newest first. */
export async function daysWithXp(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  timeZone: string,
  until: Date,
): Promise<string[]> {
  const localDay = sql<string>`((xp_ledger.created_at at time zone ${timeZone})::date)::text`;
  const rows = await selectFromTenant(db, "xp_ledger", centreId)
    .where("student_id", "=", studentId)
    .where("created_at", ">", new Date(until.getTime() - (STREAK_HORIZON_DAYS + 1) * 86_400_000))
    .where("created_at", "<=", until)
    .select(localDay.as("day"))
    .distinct()
    .orderBy("day", "desc")
    .execute();
  return rows.map((row) => row.day);
}

export async function heldBadges(db: Kysely<Database>, centreId: CentreId, studentId: string): Promise<Set<string>> {
  const rows = await selectFromTenant(db, "badges_earned", centreId)
    .where("student_id", "=", studentId)
    .select("badge")
    .execute();
  return new Set(rows.map((row) => row.badge));
}

export interface EarnedBadgeRow {
  badge: string;
  earnedAt: Date;
}

export interface LedgerRow {
  id: string;
  amount: number;
  reason: string;
  sourceType: XpSourceType;
  createdAt: Date;
}

/** What a student's XP summary shows, read in one statement (xpSummaryOf). */
export interface XpSummaryRows {
  name: string;
  totalXp: number;
  /** As daysWithXp. */
  days: string[];
  badges: EarnedBadgeRow[];
  recent: LedgerRow[];
}

/**
 * The student's name, XP, days with XP (as daysWithXp), badges (as badgesOf) and latest entries
 * (as recentEntries), one statement instead of five: each part reads the student's own rows by
 * the same indexes. Undefined when the id is not a student of the centre.
 */
export async function xpSummaryOf(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  timeZone: string,
  until: Date,
  recentLimit: number,
): Promise<XpSummaryRows | undefined> {
  const since = new Date(until.getTime() - (STREAK_HORIZON_DAYS + 1) * 86_400_000);
  const { rows } = await sql<{
    name: string;
    totalXp: string;
    days: string[];
    badges: { badge: string; earnedAt: string }[];
    recent: (Omit<LedgerRow, "createdAt"> & { createdAt: string })[];
  }>`
    select u.name,
      (select coalesce(sum(l.amount), 0)::text from xp_ledger l
        where l.centre_id = u.centre_id and l.student_id = u.id) as "totalXp",
      (select coalesce(json_agg(d.day order by d.day desc), '[]') from (
        select distinct ((l.created_at at time zone ${timeZone})::date)::text as day from xp_ledger l
        where l.centre_id = u.centre_id and l.student_id = u.id and l.created_at > ${since} and l.created_at <= ${until}) d) as days,
      (select coalesce(json_agg(b order by b."earnedAt", b.badge), '[]') from (
        select e.badge, e.earned_at as "earnedAt" from badges_earned e
        where e.centre_id = u.centre_id and e.student_id = u.id) b) as badges,
      (select coalesce(json_agg(r order by r."createdAt" desc, r.n desc), '[]') from (
        select l.id::text as id, l.id as n, l.amount, l.reason, l.source_type as "sourceType", l.created_at as "createdAt"
        from xp_ledger l where l.centre_id = u.centre_id and l.student_id = u.id
        order by l.created_at desc, l.id desc limit ${recentLimit}) r) as recent
    from users u
    where u.centre_id = ${centreId} and u.id = ${studentId} and u.role = 'student'`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    name: row.name,
    totalXp: Number(row.totalXp),
    days: row.days,
    badges: row.badges.map((badge) => ({ badge: badge.badge, earnedAt: new Date(badge.earnedAt) })),
    recent: row.recent.map((entry) => ({
      id: entry.id,
      amount: entry.amount,
      reason: entry.reason,
      sourceType: entry.sourceType,
      createdAt: new Date(entry.createdAt),
    })),
  };
}

export interface Person {
  id: string;
  name: string;
}

/** Names for board rows; only this centre's students, so a stray member never leaks a name. */
export async function studentNames(db: Kysely<Database>, centreId: CentreId, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await selectFromTenant(db, "users", centreId)
    .where("id", "in", ids)
    .where("role", "=", "student")
    .select(["id", "name"])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function studentOfCentre(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
): Promise<Person | undefined> {
  return selectFromTenant(db, "users", centreId)
    .where("id", "=", studentId)
    .where("role", "=", "student")
    .select(["id", "name"])
    .executeTakeFirst();
}

/** One board cell rebuilt from the ledger: `board` is "all" or an ISO week label. */
export interface BoardSum {
  classId: string | null;
  board: string;
  studentId: string;
  xp: number;
}

/**
 * Every board's totals, straight from the ledger: the centre's and each class's, all-time and per
 * ISO week (local) since `since`. A class board counts XP earned since the student joined the
 * class (membership is read here, not through the classes service, so the whole rebuild is one
 * indexed scan per board family instead of one query per class).
 */
export async function boardSums(
  db: Kysely<Database>,
  centreId: CentreId,
  timeZone: string,
  since: Date,
): Promise<BoardSum[]> {
  const week = sql`to_char(l.created_at at time zone ${timeZone}, 'IYYY-"W"IW')`;
  const { rows } = await sql<{ class_id: string | null; board: string; student_id: string; xp: string }>`
    select null::uuid as class_id, 'all' as board, l.student_id, sum(l.amount)::text as xp
      from xp_ledger l where l.centre_id = ${centreId} group by l.student_id
    union all
    select null::uuid, ${week}, l.student_id, sum(l.amount)::text
      from xp_ledger l where l.centre_id = ${centreId} and l.created_at >= ${since} group by 2, 3
    union all
    select m.class_id, 'all', l.student_id, sum(l.amount)::text
      from xp_ledger l
      join class_members m on m.centre_id = l.centre_id and m.student_id = l.student_id and l.created_at >= m.joined_at
      where l.centre_id = ${centreId} group by 1, 3
    union all
    select m.class_id, ${week}, l.student_id, sum(l.amount)::text
      from xp_ledger l
      join class_members m on m.centre_id = l.centre_id and m.student_id = l.student_id and l.created_at >= m.joined_at
      where l.centre_id = ${centreId} and l.created_at >= ${since} group by 1, 2, 3`.execute(db);
  return rows.map((row) => ({
    classId: row.class_id,
    board: row.board,
    studentId: row.student_id,
    xp: Number(row.xp),
  }));
}

/** Centres that have any XP: what a rebuild of every centre walks. */
export async function centresWithXp(db: Kysely<Database>): Promise<CentreId[]> {
  const { rows } = await sql<{ id: CentreId }>`
    select c.id from centres c where exists (select 1 from xp_ledger l where l.centre_id = c.id) order by c.id`.execute(
    db,
  );
  return rows.map((row) => row.id);
}

/** The classes whose boards an award counts on: those the student had joined by then. */
export async function classesJoinedBy(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  at: Date,
): Promise<string[]> {
  const rows = await selectFromTenant(db, "class_members", centreId)
    .where("student_id", "=", studentId)
    .where("joined_at", "<=", at)
    .select("class_id")
    .execute();
  return rows.map((row) => row.class_id);
}
