import { recordAudit } from "../../platform/audit";
import { type CachePart, cachePart, invalidateParts } from "../../platform/cache";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { formatDate, t } from "../../platform/i18n";
import { log } from "../../platform/log";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { classesForTutor } from "../classes";
import { type AppliedEntry, alreadyApplied, applyToBoards, rebuildBoards } from "./leaderboards";
import { type Award, type Awarded, entryOfSource, recordAward } from "./ledger";
import { pushBoards } from "./live";
import { type BadgeItem, badgeItem, sourceLabel, type XpSummary } from "./present";
import { centresWithXp, classesJoinedBy, studentOfCentre, xpSummaryOf } from "./queries";
import { reasonText } from "./reasons";
import { levelOf, streakLength } from "./rules";
import { type XpCentre, xpCentreOf } from "./xp-centre";

export { BOARD_SIZE, boardData } from "./boards";
export type { Period } from "./leaderboards";
export type { XpCentre } from "./xp-centre";

export class GamificationOffError extends NotFoundError {
  constructor() {
    super(t("gamification.off"));
  }
}

export async function gamificationOn(centre: CentreId | XpCentre): Promise<boolean> {
  return (await xpCentreOf(centre)).features.gamification;
}

/** In a request: the flag as the guard read it for this request. */
export function requireGamification(centre: XpCentre): void {
  if (!centre.features.gamification) throw new GamificationOffError();
}

function entryOf(awarded: Awarded): AppliedEntry {
  const { award } = awarded;
  return {
    entryId: awarded.entryId,
    centreId: award.centreId,
    studentId: award.studentId,
    amount: award.amount,
    at: award.at,
    classIds: awarded.classIds,
  };
}

/**
 * The boards (once, however often this runs: the marker in APPLY), then their live views. A
 * failed push is only logged: the boards are right, and a page shows them.
 */
async function applyAndPush(
  entry: AppliedEntry,
  centre: XpCentre,
  alsoStale: readonly CachePart[] = [],
): Promise<void> {
  const classIds = await applyToBoards(entry, centre.timeZone);
  // Before the push, which reads the boards through their cache; with the caller's parts, one round trip.
  await invalidateParts(redis, centre.id, classIds ? ["board", ...alsoStale] : alsoStale);
  if (!classIds) return;
  await pushBoards(centre, classIds).catch((error) =>
    log.warn({ err: error, entryId: entry.entryId }, "live push of the leaderboards failed"),
  );
}

/**
 * A request's award is committed by now, so a Redis hiccup must not fail the request: its
 * xp.awarded handler applies the entry later (it retries), and a rebuild repairs any board.
 */
async function afterAwardSafely(awarded: Awarded, centre: XpCentre): Promise<void> {
  // The student's dashboard shows their XP, level, streak and badges; nobody else's figures do.
  await invalidateParts(redis, centre.id, [cachePart.student(awarded.award.studentId)]);
  try {
    await applyAndPush(entryOf(awarded), centre);
  } catch (error) {
    log.warn({ err: error, entryId: awarded.entryId }, "leaderboard update deferred to the xp.awarded handler");
  }
}

/**
 * An award for a domain event, only while the centre has gamification on, paid once per source:
 * the ledger's unique key (centre, kind, source, student) is its exactly-once record, so a
 * re-delivered event, a stalled job run twice or a second event for the same thing pays nothing.
 * The boards are applied in the same run, and a failure there fails the handler: its job retries
 * (the handler is marked done only once it returns), finds the entry paid and puts it on the
 * boards if they still miss it. No xp.awarded event is needed as a safety net.
 */
export async function awardForEvent(award: Award): Promise<Awarded | null> {
  const centre = await xpCentreOf(award.centreId);
  if (!centre.features.gamification) return null;
  const awarded = await db
    .transaction()
    .execute((trx) => recordAward(trx, award, centre.timeZone, { boardsEvent: false }));
  // The student's dashboard shows their XP, level, streak and badges: stale with the boards.
  const student = [cachePart.student(award.studentId)];
  if (awarded) {
    await applyAndPush(entryOf(awarded), centre, student);
    return awarded;
  }
  // Paid before: by an earlier run of this job that died or failed before the boards, or by
  // another event for the same thing (whose boards then have it, and APPLY does nothing).
  const entry = await entryOfSource(db, award);
  if (entry && !(await alreadyApplied(entry.entryId)))
    await applyAndPush({ ...entry, centreId: award.centreId, studentId: award.studentId }, centre, student);
  return null;
}

/** The xp.awarded handler (a request's awards): the boards' safety net when the process died before updating them. */
export async function applyAwardedEntry(entry: AppliedEntry): Promise<void> {
  // Almost always the award's own request applied it a moment ago: one Redis read then saves the
  // centre, the student's classes and the script (APPLY would find the marker and do nothing).
  if (await alreadyApplied(entry.entryId)) return;
  await applyAndPush(entry, await xpCentreOf(entry.centreId));
}

/** A head tutor and up may award any student; a tutor only students of their own classes. */
async function mayAward(actor: Actor, studentId: string): Promise<boolean> {
  if (!(await studentOfCentre(db, actor.centreId, studentId))) return false;
  if (actor.role !== "tutor") return true;
  const taught = new Set((await classesForTutor(actor.centreId, actor.userId)).map((klass) => klass.id));
  return (await classesJoinedBy(db, actor.centreId, studentId, new Date())).some((id) => taught.has(id));
}

export async function assertMayAward(actor: Actor, studentId: string): Promise<void> {
  requireGamification(actor.centre);
  if (!(await mayAward(actor, studentId))) throw new NotFoundError(t("gamification.studentNotFound"));
}

/** A tutor's award with a reason: in the ledger, audited, on the boards. */
export async function awardByTutor(
  actor: Actor,
  studentId: string,
  input: { amount: number; reason: string },
  now = new Date(),
): Promise<Awarded> {
  await assertMayAward(actor, studentId);
  const { timeZone } = actor.centre;
  const award: Award = {
    centreId: actor.centreId,
    studentId,
    amount: input.amount,
    reason: input.reason,
    sourceType: "award",
    sourceId: crypto.randomUUID(),
    awardedBy: actor.userId,
    at: now,
  };
  const awarded = await db.transaction().execute(async (trx) => {
    const done = await recordAward(trx, award, timeZone);
    if (!done) throw new Error("A fresh award id collided in the ledger");
    await recordAudit(trx, {
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      action: "xp.award",
      target: { type: "user", id: studentId },
      before: null,
      after: { amount: input.amount, reason: input.reason, entryId: done.entryId },
      request: actor.request,
    });
    return done;
  });
  await afterAwardSafely(awarded, actor.centre);
  return awarded;
}

const RECENT = 10;

function dayLabel(at: Date, timeZone: string): string {
  return formatDate(at, "medium", timeZone);
}

/** Level, XP to the next, streak (centre time zone), badges and recent entries of one student. */
export async function xpSummary(
  centre: CentreId | XpCentre,
  studentId: string,
  now = new Date(),
): Promise<XpSummary | null> {
  const { id: centreId, timeZone } = await xpCentreOf(centre);
  const student = await xpSummaryOf(db, centreId, studentId, timeZone, now, RECENT);
  if (!student) return null;
  const { badges, recent } = student;
  return {
    studentId,
    name: student.name,
    totalXp: student.totalXp,
    level: levelOf(student.totalXp),
    streak: streakLength(student.days, localDate(now, timeZone)),
    badges: badges
      .map((badge) => badgeItem(badge.badge, dayLabel(badge.earnedAt, timeZone)))
      .filter((badge): badge is BadgeItem => badge !== null),
    recent: recent.map((entry) => ({
      amount: entry.amount,
      reason: reasonText(entry.sourceType, entry.reason),
      source: sourceLabel(entry.sourceType),
      when: dayLabel(entry.createdAt, timeZone),
    })),
  };
}

/** Rebuilds one centre's boards from the ledger, or every centre with XP; returns boards written. */
export async function rebuildLeaderboards(centreId?: CentreId, now = new Date()): Promise<number> {
  const centres = centreId ? [centreId] : await centresWithXp(db);
  let boards = 0;
  for (const id of centres) {
    boards += await rebuildBoards(id, (await xpCentreOf(id)).timeZone, now);
    await invalidateParts(redis, id, ["board"]);
  }
  return boards;
}
