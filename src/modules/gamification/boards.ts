import { db } from "../../platform/db";
import { type MessageKey, t } from "../../platform/i18n";
import type { CentreId } from "../../platform/tenancy";
import { studentsOfClass } from "../classes";
import { boardKey, boardName, type Period, topOfBoard } from "./leaderboards";
import { type BoardData, rankLines, regionOf } from "./present";
import { studentNames } from "./queries";
import { type XpCentre, xpCentreOf } from "./xp-centre";

/** How many lines a board shows. */
export const BOARD_SIZE = 20;

const HEADINGS: Record<Period, MessageKey> = { week: "gamification.period.week", all: "gamification.period.all" };

/**
 * One board as the views show it. A class board lists current members only: someone who left the
 * class stays in its Redis set until the next rebuild, but is not shown.
 */
export async function boardData(
  centre: CentreId | XpCentre,
  classId: string | null,
  period: Period,
  now = new Date(),
): Promise<BoardData> {
  const { id: centreId, timeZone } = await xpCentreOf(centre);
  const key = boardKey(centreId, classId, boardName(period, timeZone, now));
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
