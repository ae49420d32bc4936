import type { BoardData, BoardLine } from "../../../views/gamification/leaderboard";
import type { BadgeItem } from "../../../views/gamification/xp";
import type { XpSourceType } from "../../platform/db/schema";
import { type MessageKey, t } from "../../platform/i18n";
import type { BoardRow, Period } from "./leaderboards";
import { BADGE_BY_CODE } from "./rules";

export type { BoardData } from "../../../views/gamification/leaderboard";
export type { BadgeItem, XpSummary } from "../../../views/gamification/xp";

/** What the views need, built from the ledger and the boards; the views own the shapes. */

/** Boards are seen by the centre's students and staff: first name and an initial, never a full name. */
export function boardName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (!first) return t("gamification.aStudent");
  const last = rest.at(-1);
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : first;
}

/** Competition ranking: equal XP shares a rank, the next rank skips (1, 1, 3). */
export function rankLines(rows: readonly BoardRow[], names: ReadonlyMap<string, string>): BoardLine[] {
  const lines: BoardLine[] = [];
  let rank = 0;
  rows.forEach((row, index) => {
    if (index === 0 || row.xp !== rows[index - 1]?.xp) rank = index + 1;
    const name = names.get(row.studentId);
    if (name !== undefined) lines.push({ rank, studentId: row.studentId, name: boardName(name), xp: row.xp });
  });
  return lines;
}

/** The board with only these students named: every line keeps its rank and XP. */
export function namingOnly(board: BoardData, shown: ReadonlySet<string>): BoardData {
  return { ...board, lines: board.lines.map((line) => (shown.has(line.studentId) ? line : { ...line, name: null })) };
}

export function regionOf(scope: "centre" | "class", period: Period): string {
  return `leaderboard-${scope}-${period}`;
}

const SOURCE_LABELS: Record<XpSourceType, MessageKey> = {
  exercise: "gamification.source.exercise",
  homework: "gamification.source.homework",
  attendance: "gamification.source.attendance",
  award: "gamification.source.award",
};

export function sourceLabel(source: XpSourceType): string {
  return t(SOURCE_LABELS[source]);
}

/** A badge's name in the current language, or null for a code no longer defined. */
export function badgeName(code: string): string | null {
  return BADGE_BY_CODE.get(code)?.name ?? null;
}

export function badgeItem(code: string, earnedOn: string): BadgeItem | null {
  const badge = BADGE_BY_CODE.get(code);
  return badge ? { code, name: badge.name, description: badge.description, earnedOn } : null;
}
