import { type Kysely, sql } from "kysely";
import { localDate, localTime, zonedInstant } from "../../platform/calendar";
import type { Database } from "../../platform/db/schema";
import { type CentreId, deleteFromTenant, selectFromTenant, tenantJoin, updateTenant } from "../../platform/tenancy";
import { syncSessions } from "./generate";
import { activeSlots } from "./queries";

/**
 * A centre moving to another time zone. Weekly slots are local wall-clock times, so a future
 * session keeps its local date and time and moves to the instant that is in the new zone. A
 * session that has happened or has attendance recorded keeps its instant (it is history); from
 * then on it reads at another local time. The plan is what the preview shows and what the change
 * applies, made again under the centre's lock when applied.
 */

export interface SessionMove {
  sessionId: string;
  className: string;
  /** The local date and time it keeps ("YYYY-MM-DD", "HH:MM"). */
  localDate: string;
  localTime: string;
  from: Date;
  to: Date;
  endsAt: Date;
  cancelled: boolean;
  /** Another session of the class is already at the new instant: this one is removed instead. */
  duplicate: boolean;
}

export interface SessionStaying {
  className: string;
  startsAt: Date;
  /** Its local date and time before and after the change. */
  before: { date: string; time: string };
  after: { date: string; time: string };
}

export interface TimeZonePlan {
  from: string;
  to: string;
  moves: SessionMove[];
  /** Future sessions with attendance: they keep their instant, so their local time changes. */
  staying: SessionStaying[];
  /** Sessions that have already started: history, never moved. */
  pastCount: number;
}

function futureSessions(db: Kysely<Database>, centreId: CentreId, now: Date) {
  return selectFromTenant(db, "class_sessions", centreId)
    .innerJoin("classes", tenantJoin("classes.id", "class_sessions.class_id"))
    .where("class_sessions.starts_at", ">", now)
    .select([
      "class_sessions.id",
      "class_sessions.class_id as classId",
      "class_sessions.starts_at as startsAt",
      "class_sessions.ends_at as endsAt",
      "class_sessions.status",
      "classes.name as className",
      sql<boolean>`exists (select 1 from attendance a where a.centre_id = class_sessions.centre_id and a.session_id = class_sessions.id)`.as(
        "attended",
      ),
    ])
    .orderBy("class_sessions.starts_at")
    .orderBy("class_sessions.id")
    .execute();
}

async function pastSessionCount(db: Kysely<Database>, centreId: CentreId, now: Date): Promise<number> {
  const row = await selectFromTenant(db, "class_sessions", centreId)
    .where("starts_at", "<=", now)
    .select(sql<string>`count(*)`.as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const wallClock = (instant: Date, zone: string) => ({ date: localDate(instant, zone), time: localTime(instant, zone) });

/** What changing the centre's time zone from `from` to `to` would do to its sessions. */
export async function planTimeZoneChange(
  db: Kysely<Database>,
  centreId: CentreId,
  change: { from: string; to: string },
  now: Date = new Date(),
): Promise<TimeZonePlan> {
  const [future, pastCount] = await Promise.all([
    futureSessions(db, centreId, now),
    pastSessionCount(db, centreId, now),
  ]);
  const staying = future.filter((session) => session.attended);
  const taken = new Set(staying.map((session) => `${session.classId} ${session.startsAt.getTime()}`));
  const moves: SessionMove[] = [];
  for (const session of future.filter((row) => !row.attended)) {
    const local = wallClock(session.startsAt, change.from);
    const to = zonedInstant(local.date, local.time, change.to);
    const key = `${session.classId} ${to.getTime()}`;
    const duplicate = taken.has(key);
    taken.add(key);
    moves.push({
      sessionId: session.id,
      className: session.className,
      localDate: local.date,
      localTime: local.time,
      from: session.startsAt,
      to,
      endsAt: new Date(to.getTime() + (session.endsAt.getTime() - session.startsAt.getTime())),
      cancelled: session.status === "cancelled",
      duplicate,
    });
  }
  return {
    from: change.from,
    to: change.to,
    moves: moves.filter((move) => move.from.getTime() !== move.to.getTime() || move.duplicate),
    staying: staying.map((session) => ({
      className: session.className,
      startsAt: session.startsAt,
      before: wallClock(session.startsAt, change.from),
      after: wallClock(session.startsAt, change.to),
    })),
    pastCount,
  };
}

// Far enough that no parked session meets a real one: the (class_id, starts_at) key is checked
// row by row, so sessions trading places would collide if moved in one step.
const PARKED = sql`interval '1000 years'`;

/**
 * Applies a plan inside the caller's transaction (the centre row already locked, its time zone
 * already `plan.to`): sessions keep their ids, rooms, links and cancellations; then each active
 * class's window is brought in line with its slots in the new zone.
 */
export async function applyTimeZoneChange(
  trx: Kysely<Database>,
  centreId: CentreId,
  plan: TimeZonePlan,
  now: Date = new Date(),
): Promise<{ moved: number; removed: number; written: number }> {
  const moving = plan.moves.filter((move) => !move.duplicate);
  const duplicates = plan.moves.filter((move) => move.duplicate).map((move) => move.sessionId);
  if (duplicates.length > 0) {
    await deleteFromTenant(trx, "class_sessions", centreId).where("id", "in", duplicates).execute();
  }
  if (moving.length > 0) {
    await updateTenant(trx, "class_sessions", centreId)
      .set({ starts_at: sql`starts_at + ${PARKED}`, ends_at: sql`ends_at + ${PARKED}` })
      .where(
        "id",
        "in",
        moving.map((move) => move.sessionId),
      )
      .execute();
    for (const move of moving) {
      await updateTenant(trx, "class_sessions", centreId)
        .set({ starts_at: move.to, ends_at: move.endsAt })
        .where("id", "=", move.sessionId)
        .execute();
    }
  }
  let removed = duplicates.length;
  let written = 0;
  for (const klass of await activeSlots(trx, centreId)) {
    const synced = await syncSessions(trx, { id: centreId, timeZone: plan.to }, klass.id, { now });
    removed += synced.removed;
    written += synced.written;
  }
  return { moved: moving.length, removed, written };
}
