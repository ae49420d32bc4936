import { type CacheEntry, cachedForCentre, cachePart } from "../../platform/cache";
import { db } from "../../platform/db";
import { currentLocale, type MessageKey, t } from "../../platform/i18n";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { studentsOfClass } from "../classes";
import { boardKey, boardName, type Period, topOfBoard } from "./leaderboards";
import { type BoardData, rankLines, regionOf } from "./present";
import { studentNames } from "./queries";
import { type XpCentre, xpCentreOf } from "./xp-centre";

/** How many lines a board shows. */
export const BOARD_SIZE = 20;

const HEADINGS: Record<Period, MessageKey> = { week: "gamification.period.week", all: "gamification.period.all" };

/** A cached board lives a minute at most; every award marks the boards stale at once (service.ts). */
const BOARD_TTL_SECONDS = 60;

/**
 * One board as the views show it. A class board lists current members only: someone who left the
 * class stays in its Redis set until the next rebuild, but is not shown. Cached for every viewer
 * of the centre under the boards' part (and the class's, whose members it filters by), so a page
 * view reads neither the sorted set nor the names while no award has moved it.
 */
export async function boardData(
  centre: CentreId | XpCentre,
  classId: string | null,
  period: Period,
  now = new Date(),
): Promise<BoardData> {
  const here = await xpCentreOf(centre);
  const { parts, name, ttlSeconds, compute } = boardEntry(here, classId, period, now);
  return cachedForCentre(redis, here.id, parts, name, ttlSeconds, compute);
}

/** The board as a cache entry, for a page that reads it with its other cached values at once. */
export function boardEntry(
  here: XpCentre,
  classId: string | null,
  period: Period,
  now = new Date(),
): CacheEntry<BoardData> {
  const board = boardName(period, here.timeZone, now);
  return {
    parts: classId ? ["board", cachePart.class(classId)] : ["board"],
    name: `board:${classId ?? "centre"}:${board}:${currentLocale()}`,
    ttlSeconds: BOARD_TTL_SECONDS,
    compute: () => freshBoard(here.id, classId, period, board),
  };
}

async function freshBoard(
  centreId: CentreId,
  classId: string | null,
  period: Period,
  board: string,
): Promise<BoardData> {
  const key = boardKey(centreId, classId, board);
  let rows = await topOfBoard(key, classId ? BOARD_SIZE * 2 : BOARD_SIZE);
  if (classId) {
    const members = new Set((await studentsOfClass(centreId, classId)).map((student) => student.id));
    rows = rows.filter((row) => members.has(row.studentId)).slice(0, BOARD_SIZE);
  }
  const names = await studentNames(
    db,
    centreId,
    rows.map((row) => row.studentId),
  );
  return {
    region: regionOf(classId ? "class" : "centre", period),
    heading: t(HEADINGS[period]),
    period,
    lines: rankLines(rows, names),
  };
}
