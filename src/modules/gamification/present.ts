import type { XpSourceType } from "../../platform/db/schema";
import type { BoardRow, Period } from "./leaderboards";
import { BADGE_BY_CODE, type Level } from "./rules";

/** What the views need; plain data only. */

export interface BoardLine {
  rank: number;
  studentId: string;
  /** First name and initial; null on a line the viewer may not see named (another family's child). */
  name: string | null;
  xp: number;
}

export interface BoardData {
  /** The live region this board fills: leaderboard-centre-week, leaderboard-class-all... */
  region: string;
  heading: string;
  period: Period;
  lines: BoardLine[];
}

export interface BadgeItem {
  code: string;
  name: string;
  description: string;
  earnedOn: string;
}

export interface LedgerItem {
  amount: number;
  reason: string;
  source: string;
  when: string;
}

export interface XpSummary {
  studentId: string;
  name: string;
  totalXp: number;
  level: Level;
  streak: number;
  badges: BadgeItem[];
  recent: LedgerItem[];
}

/** Boards are seen by the centre's students and staff: first name and an initial, never a full name. */
export function boardName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (!first) return "A student";
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

const SOURCE_LABELS: Record<XpSourceType, string> = {
  exercise: "Exercises",
  homework: "Homework on time",
  attendance: "Attendance",
  award: "Tutor award",
};

export function sourceLabel(source: XpSourceType): string {
  return SOURCE_LABELS[source];
}

export function badgeItem(code: string, earnedOn: string): BadgeItem | null {
  const badge = BADGE_BY_CODE.get(code);
  return badge ? { code, name: badge.name, description: badge.description, earnedOn } : null;
}
