import { type Kysely, sql } from "kysely";
import { localDate } from "../../platform/calendar";
import type { Database, XpSourceType } from "../../platform/db/schema";
import { type AnyNewEvent, publishEvents, publishEventsWith } from "../../platform/events";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";
import { SOURCE_TYPES, type XpTotals } from "./queries";
import { BADGES, type BadgeDefinition, newBadges, streakLength } from "./rules";

export interface Award {
  centreId: CentreId;
  studentId: string;
  amount: number;
  reason: string;
  sourceType: XpSourceType;
  /** The thing that earned it (submission, session, or the tutor award itself): paid once. */
  sourceId: string;
  awardedBy: string | null;
  at: Date;
  /** Full marks on the work this award is for (the "Perfect score" badge). */
  perfect?: boolean;
}

export interface Awarded {
  entryId: string;
  award: Award;
  badges: BadgeDefinition[];
  /** The classes the student had joined by the award: the boards it counts on, read with the badge facts. */
  classIds: string[];
}

/**
 * Writes an award to the ledger in the caller's transaction, then the badges it earns, and
 * publishes badge.earned with it. Returns null when this source has already paid this student (a
 * re-delivered event). Awards to one student are serialised by a transaction lock, so two at once
 * cannot both miss the badge their sum earns.
 *
 * `boardsEvent`: also publish xp.awarded, whose handler puts the entry on the boards should the
 * caller die before it does (a request's award: nothing retries a request). An event handler's
 * award passes false: its job fails and retries until the boards have it (awardForEvent), so the
 * event would be a second job per award for nothing.
 */
export async function recordAward(
  trx: Kysely<Database>,
  award: Award,
  timeZone: string,
  { boardsEvent = true }: { boardsEvent?: boolean } = {},
): Promise<Awarded | null> {
  // The lock and the insert in one statement: the lock is granted before the row is written,
  // and the badge facts read after it (their own statement, so a fresh snapshot) see every award
  // committed by the previous holder. ON CONFLICT checks committed rows whatever the snapshot.
  const { rows } = await sql<{ id: string }>`
    insert into xp_ledger (centre_id, student_id, amount, reason, source_type, source_id, awarded_by, created_at)
    select ${award.centreId}::uuid, ${award.studentId}::uuid, ${award.amount}::int, ${award.reason}::text,
           ${award.sourceType}::text, ${award.sourceId}::uuid, ${award.awardedBy}::uuid, ${award.at}::timestamptz
    from (select pg_advisory_xact_lock(hashtextextended(${`xp:${award.studentId}`}, 0))) as locked
    on conflict on constraint xp_ledger_once do nothing
    returning id::text as id`.execute(trx);
  const entry = rows[0];
  if (!entry) return null;
  const { badges, classIds } = await badgesEarned(trx, award, timeZone);
  const events = eventsOfAward(award, entry.id, badges, boardsEvent);
  if (badges.length === 0) await publishEvents(trx, events);
  // The badges and every event of the award in one statement.
  else await publishEventsWith(trx, insertBadges(trx, award, entry.id, badges), events);
  return { entryId: entry.id, award, badges, classIds };
}

/** badge.earned for each badge, after xp.awarded when the caller asked for it (see recordAward). */
function eventsOfAward(award: Award, entryId: string, badges: BadgeDefinition[], boardsEvent: boolean): AnyNewEvent[] {
  const events: AnyNewEvent[] = badges.map((badge) => ({
    type: "badge.earned",
    centreId: award.centreId,
    payload: { studentId: award.studentId, badge: badge.code },
  }));
  if (boardsEvent)
    events.unshift({
      type: "xp.awarded",
      centreId: award.centreId,
      payload: {
        entryId,
        studentId: award.studentId,
        amount: award.amount,
        reason: award.reason,
        at: award.at.toISOString(),
      },
    });
  return events;
}

function insertBadges(trx: Kysely<Database>, award: Award, entryId: string, badges: BadgeDefinition[]) {
  return trx
    .insertInto("badges_earned")
    .values(
      badges.map((badge) => ({
        centre_id: award.centreId,
        student_id: award.studentId,
        badge: badge.code,
        entry_id: entryId,
        earned_at: award.at,
      })),
    )
    .returning("badge");
}

/** The badges this award earns (not yet held), and the student's classes, from one read of the facts. */
async function badgesEarned(
  trx: Kysely<Database>,
  award: Award,
  timeZone: string,
): Promise<{ badges: BadgeDefinition[]; classIds: string[] }> {
  // One statement: the totals, the days a streak badge needs to see, the badges held, the classes.
  const { totals, days, held, classIds } = await badgeFacts(trx, award.centreId, award.studentId, timeZone, award.at);
  const streak = streakLength(days, localDate(award.at, timeZone));
  return { badges: newBadges({ ...totals, streak, perfect: award.perfect ?? false }, held), classIds };
}

/**
 * The longest streak any badge asks for: an award needs to see no further back than that (plus
 * the day before today, which keeps a streak alive, and a day for the time zone's offset).
 */
const STREAK_DAYS_NEEDED = Math.max(0, ...BADGES.map((badge) => (badge.rule.kind === "streak" ? badge.rule.days : 0)));

export interface BadgeFacts {
  totals: XpTotals;
  /** Distinct local days with XP, newest first, back as far as a streak badge needs. */
  days: string[];
  held: Set<string>;
  /** The classes the student had joined by the award, whose boards it counts on (read here to save a statement). */
  classIds: string[];
}

type Json<T> = T | string;
const parsed = <T>(value: Json<T>): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

/**
 * What an award's badges depend on, in one statement: the student's totals by kind, their days
 * with XP (only the last few: a streak longer than every streak badge earns nothing more), and
 * the badges they hold. It was three statements, the days reaching 400 days back. The classes
 * the student had joined by then come with them, for the boards the award is applied to next.
 */
export async function badgeFacts(
  trx: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  timeZone: string,
  until: Date,
): Promise<BadgeFacts> {
  const since = new Date(until.getTime() - (STREAK_DAYS_NEEDED + 2) * 86_400_000);
  const { rows } = await sql<{
    totals: Json<{ source_type: XpSourceType; entries: number; xp: string }[] | null>;
    days: Json<string[] | null>;
    held: Json<string[] | null>;
    classes: Json<string[] | null>;
  }>`
    select
      (select json_agg(t) from (
         select source_type, count(*)::int as entries, sum(amount)::text as xp
         from xp_ledger where centre_id = ${centreId} and student_id = ${studentId}
         group by source_type) t) as totals,
      (select json_agg(d.day order by d.day desc) from (
         select distinct ((created_at at time zone ${timeZone})::date)::text as day
         from xp_ledger where centre_id = ${centreId} and student_id = ${studentId}
           and created_at > ${since} and created_at <= ${until}) d) as days,
      (select json_agg(badge) from badges_earned
       where centre_id = ${centreId} and student_id = ${studentId}) as held,
      (select json_agg(class_id) from class_members
       where centre_id = ${centreId} and student_id = ${studentId} and joined_at <= ${until}) as classes`.execute(trx);
  const row = rows[0]!;
  const counts = Object.fromEntries(SOURCE_TYPES.map((type) => [type, 0])) as Record<XpSourceType, number>;
  let totalXp = 0;
  for (const total of parsed(row.totals) ?? []) {
    counts[total.source_type] = Number(total.entries);
    totalXp += Number(total.xp);
  }
  return {
    totals: { totalXp, counts },
    days: parsed(row.days) ?? [],
    held: new Set(parsed(row.held) ?? []),
    classIds: parsed(row.classes) ?? [],
  };
}

/** The entry a source paid this student, if it did: what a retried event's boards need. */
export async function entryOfSource(
  db: Kysely<Database>,
  award: Pick<Award, "centreId" | "studentId" | "sourceType" | "sourceId">,
): Promise<{ entryId: string; amount: number; at: Date } | undefined> {
  const row = await selectFromTenant(db, "xp_ledger", award.centreId)
    .where("source_type", "=", award.sourceType)
    .where("source_id", "=", award.sourceId)
    .where("student_id", "=", award.studentId)
    .select(["id", "amount", "created_at"])
    .executeTakeFirst();
  return row && { entryId: String(row.id), amount: row.amount, at: row.created_at };
}
