import { addDays } from "../../platform/calendar";
import type { XpSourceType } from "../../platform/db/schema";
import { type MessageKey, t } from "../../platform/i18n";

/** XP for each kind of thing a student does; tutor awards carry their own amount. */
export const XP = {
  perCorrectAnswer: 10,
  onTimeHomework: 20,
  present: 15,
  late: 5,
  /** What one tutor award may give at most. */
  maxAward: 100,
} as const;

/**
 * Levels: reaching level n takes 50·n·(n−1) XP in all, so each level costs 100 XP more than the
 * one before (level 2 at 100, 3 at 300, 4 at 600, 5 at 1,000...).
 */
export function xpForLevel(level: number): number {
  return 50 * level * (level - 1);
}

export interface Level {
  level: number;
  /** XP still needed for the next level. */
  toNext: number;
  /** How far through the current level, 0 to 100. */
  percent: number;
}

export function levelOf(totalXp: number): Level {
  const xp = Math.max(0, totalXp);
  // Inverse of 50·n·(n−1) = xp, then corrected for floating-point edges.
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + xp / 12.5)) / 2));
  while (xpForLevel(level + 1) <= xp) level++;
  while (level > 1 && xpForLevel(level) > xp) level--;
  const floor = xpForLevel(level);
  const next = xpForLevel(level + 1);
  return { level, toNext: next - xp, percent: Math.floor(((xp - floor) / (next - floor)) * 100) };
}

/** What a badge asks for, checked after every award against the student's whole ledger. */
export type BadgeRule =
  | { kind: "count"; source: XpSourceType; atLeast: number }
  | { kind: "streak"; days: number }
  | { kind: "total"; atLeast: number }
  | { kind: "perfect_score" };

export interface BadgeDefinition {
  /** Stored in badges_earned: keep stable. */
  code: string;
  /** In the current language, read when shown (a screen, a certificate). */
  readonly name: string;
  readonly description: string;
  rule: BadgeRule;
}

/** A badge whose name and description are catalogue messages, rendered each time they are read. */
function badge(
  code: string,
  text: { name: MessageKey; description: MessageKey; values?: Record<string, number> },
  rule: BadgeRule,
): BadgeDefinition {
  return {
    code,
    get name() {
      return t(text.name, text.values);
    },
    get description() {
      return t(text.description, text.values);
    },
    rule,
  };
}

export const BADGES: readonly BadgeDefinition[] = [
  badge(
    "first_homework",
    { name: "gamification.badge.firstHomework.name", description: "gamification.badge.firstHomework.description" },
    { kind: "count", source: "homework", atLeast: 1 },
  ),
  badge(
    "perfect_score",
    { name: "gamification.badge.perfectScore.name", description: "gamification.badge.perfectScore.description" },
    { kind: "perfect_score" },
  ),
  badge(
    "streak_5",
    {
      name: "gamification.badge.streak.name",
      description: "gamification.badge.streak.description",
      values: { days: 5 },
    },
    { kind: "streak", days: 5 },
  ),
  badge(
    "sessions_10",
    {
      name: "gamification.badge.sessions.name",
      description: "gamification.badge.sessions.description",
      values: { sessions: 10 },
    },
    { kind: "count", source: "attendance", atLeast: 10 },
  ),
  badge(
    "tutor_pick",
    { name: "gamification.badge.tutorPick.name", description: "gamification.badge.tutorPick.description" },
    { kind: "count", source: "award", atLeast: 1 },
  ),
  badge(
    "xp_1000",
    {
      name: "gamification.badge.total.name",
      description: "gamification.badge.total.description",
      values: { xp: 1000 },
    },
    { kind: "total", atLeast: 1000 },
  ),
];

export const BADGE_BY_CODE: ReadonlyMap<string, BadgeDefinition> = new Map(BADGES.map((badge) => [badge.code, badge]));

/** A student's standing right after an award, which the rules are checked against. */
export interface BadgeStats {
  totalXp: number;
  counts: Record<XpSourceType, number>;
  streak: number;
  /** The award that was just made was for full marks. */
  perfect: boolean;
}

export function meetsRule(rule: BadgeRule, stats: BadgeStats): boolean {
  switch (rule.kind) {
    case "count":
      return stats.counts[rule.source] >= rule.atLeast;
    case "streak":
      return stats.streak >= rule.days;
    case "total":
      return stats.totalXp >= rule.atLeast;
    case "perfect_score":
      return stats.perfect;
  }
}

/** The badges these stats earn that the student does not hold yet. */
export function newBadges(stats: BadgeStats, held: ReadonlySet<string>): BadgeDefinition[] {
  return BADGES.filter((badge) => !held.has(badge.code) && meetsRule(badge.rule, stats));
}

/**
 * Consecutive local days with XP, ending today, or ending yesterday when today has none yet (the
 * streak is still alive until the day is over). `days` are distinct local days, newest first.
 */
export function streakLength(days: readonly string[], today: string): number {
  const [latest] = days;
  if (latest === undefined || (latest !== today && latest !== addDays(today, -1))) return 0;
  let length = 1;
  while (length < days.length && days[length] === addDays(latest, -length)) length++;
  return length;
}
