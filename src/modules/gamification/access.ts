import { type CacheEntry, cachedForCentre, cachedManyForCentre, cachePart } from "../../platform/cache";
import { db } from "../../platform/db";
import type { Role } from "../../platform/db/schema";
import { outranks } from "../../platform/permissions";
import type { Principal } from "../../platform/principal";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { classById, classesForTutor, classesOfStudent, type NamedPerson, studentsOfClass } from "../classes";
import { childrenOf } from "../people";
import { boardData, boardEntry } from "./boards";
import type { Period } from "./leaderboards";
import { type BoardData, namingOnly } from "./present";
import type { XpCentre } from "./xp-centre";

/**
 * Leaderboards name children (first name and initial) to the centre's students, who compete on
 * them, and to its staff. A parent follows their own children, so only those are named for them.
 */
export function seesBoardNames(role: Role): boolean {
  return role !== "parent";
}

/** The board as this viewer may see it. */
export async function boardAsSeenBy(principal: Principal, centreId: CentreId, board: BoardData): Promise<BoardData> {
  if (principal.kind !== "user" || seesBoardNames(principal.role)) return board;
  const children = await childrenOf(db, centreId, principal.userId);
  return namingOnly(board, new Set(children.map((child) => child.id)));
}

const SCOPES_TTL_SECONDS = 300;

export interface BoardScope {
  id: string;
  name: string;
}

/** The class boards offered as tabs: a student's classes, or the classes a tutor teaches. */
export async function boardScopes(principal: Principal, centreId: CentreId): Promise<BoardScope[]> {
  if (principal.kind !== "user") return [];
  if (principal.role === "student") {
    const { parts, name, ttlSeconds, compute } = studentScopes(centreId, principal.userId);
    return cachedForCentre(redis, centreId, parts, name, ttlSeconds, compute);
  }
  if (principal.role === "parent") return [];
  return (await classesForTutor(centreId, principal.userId)).map((klass) => ({ id: klass.id, name: klass.name }));
}

/** A student's class tabs, kept under their part: joining or leaving a class marks it stale (class edits, the centre). */
function studentScopes(centreId: CentreId, studentId: string): CacheEntry<BoardScope[]> {
  return {
    parts: [cachePart.student(studentId)],
    name: "board-scopes",
    ttlSeconds: SCOPES_TTL_SECONDS,
    compute: async () =>
      (await classesOfStudent(centreId, studentId))
        .map((klass) => ({ id: klass.id, name: klass.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** A leaderboard page's board and its tabs: for a student, both cached values read in one round trip. */
export async function boardWithScopes(
  principal: Principal,
  here: XpCentre,
  classId: string | null,
  period: Period,
): Promise<[BoardData, BoardScope[]]> {
  if (principal.kind === "user" && principal.role === "student") {
    return cachedManyForCentre<[BoardData, BoardScope[]]>(redis, here.id, [
      boardEntry(here, classId, period),
      studentScopes(here.id, principal.userId),
    ]);
  }
  return Promise.all([boardData(here, classId, period), boardScopes(principal, here.id)]);
}

export interface ClassBoardAccess {
  name: string;
  members: NamedPerson[];
  /** Whether the viewer may follow the class's live channel (the class topic's own rule). */
  live: boolean;
}

/**
 * Who sees a class board: its tutor and head tutors up, its students, parents of its students, and
 * the centre's kiosks. Anyone else gets null (a 404), as if the class did not exist.
 */
export async function classBoardAccess(
  principal: Principal,
  centreId: CentreId,
  classId: string,
): Promise<ClassBoardAccess | null> {
  const klass = await classById(centreId, classId);
  if (!klass) return null;
  const members = await studentsOfClass(centreId, classId);
  const access = (live: boolean) => ({ name: klass.name, members, live });
  if (principal.kind === "kiosk") return access(false);
  if (principal.kind !== "user") return null;
  if (klass.tutorId === principal.userId || outranks(principal.role, "tutor")) return access(true);
  if (principal.role === "student") return members.some((m) => m.id === principal.userId) ? access(true) : null;
  if (principal.role === "parent") {
    const children = new Set((await childrenOf(db, centreId, principal.userId)).map((child) => child.id));
    return members.some((member) => children.has(member.id)) ? access(false) : null;
  }
  return null;
}
