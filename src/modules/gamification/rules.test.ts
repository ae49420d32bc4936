import { describe, expect, test } from "bun:test";
import { WEEKS_KEPT, boardName as weekBoard, weekExpiry } from "./leaderboards";
import { boardName, rankLines } from "./present";
import { type BadgeStats, levelOf, newBadges, streakLength, xpForLevel } from "./rules";

describe("levels", () => {
  test("each level costs 100 XP more than the one before", () => {
    expect([1, 2, 3, 4, 5].map(xpForLevel)).toEqual([0, 100, 300, 600, 1000]);
  });

  test("level, XP to the next and progress at and around the thresholds", () => {
    expect(levelOf(0)).toEqual({ level: 1, toNext: 100, percent: 0 });
    expect(levelOf(99)).toEqual({ level: 1, toNext: 1, percent: 99 });
    expect(levelOf(100)).toEqual({ level: 2, toNext: 200, percent: 0 });
    expect(levelOf(299).level).toBe(2);
    expect(levelOf(300).level).toBe(3);
    expect(levelOf(450)).toEqual({ level: 3, toNext: 150, percent: 50 });
    for (let level = 1; level < 200; level++) {
      expect(levelOf(xpForLevel(level)).level).toBe(level);
      expect(levelOf(xpForLevel(level) - 1).level).toBe(Math.max(1, level - 1));
    }
  });
});

describe("weeks and streaks", () => {
  test("a weekly board is kept four weeks and a day past its Monday, across year ends", () => {
    const expiry = (week: string) => new Date(weekExpiry(week) * 1000).toISOString().slice(0, 10);
    expect(WEEKS_KEPT).toBe(4);
    expect(expiry("2026-W10")).toBe("2026-03-31");
    expect(expiry("2025-W01")).toBe("2025-01-28");
    expect(expiry("2020-W53")).toBe("2021-01-26");
  });

  test("the weekly board follows the centre's time zone, not UTC", () => {
    // Sunday 23:30 in New York is already Monday in UTC: a new ISO week there, not here.
    const sundayNight = new Date("2026-03-09T03:30:00Z");
    expect(weekBoard("week", "America/New_York", sundayNight)).toBe("2026-W10");
    expect(weekBoard("week", "UTC", sundayNight)).toBe("2026-W11");
    expect(weekBoard("all", "UTC", sundayNight)).toBe("all");
  });

  test("a streak counts consecutive days ending today or yesterday", () => {
    expect(streakLength([], "2026-03-10")).toBe(0);
    expect(streakLength(["2026-03-10", "2026-03-09", "2026-03-08", "2026-03-06"], "2026-03-10")).toBe(3);
    expect(streakLength(["2026-03-09", "2026-03-08"], "2026-03-10")).toBe(2);
    expect(streakLength(["2026-03-08", "2026-03-07"], "2026-03-10")).toBe(0);
    expect(streakLength(["2026-03-01", "2026-02-28", "2026-02-27"], "2026-03-01")).toBe(3);
  });
});

describe("badge rules", () => {
  const none: BadgeStats = {
    totalXp: 0,
    counts: { exercise: 0, homework: 0, attendance: 0, award: 0 },
    streak: 0,
    perfect: false,
  };
  const codes = (stats: BadgeStats, held: string[] = []) => newBadges(stats, new Set(held)).map((b) => b.code);

  test("each rule earns its badge at its threshold and not before", () => {
    expect(codes(none)).toEqual([]);
    expect(codes({ ...none, counts: { ...none.counts, homework: 1 } })).toEqual(["first_homework"]);
    expect(codes({ ...none, perfect: true })).toEqual(["perfect_score"]);
    expect(codes({ ...none, streak: 4 })).toEqual([]);
    expect(codes({ ...none, streak: 5 })).toEqual(["streak_5"]);
    expect(codes({ ...none, counts: { ...none.counts, attendance: 9 } })).toEqual([]);
    expect(codes({ ...none, counts: { ...none.counts, attendance: 10 } })).toEqual(["sessions_10"]);
    expect(codes({ ...none, counts: { ...none.counts, award: 1 } })).toEqual(["tutor_pick"]);
    expect(codes({ ...none, totalXp: 999 })).toEqual([]);
    expect(codes({ ...none, totalXp: 1000 })).toEqual(["xp_1000"]);
  });

  test("a badge already held is not earned again", () => {
    expect(codes({ ...none, streak: 7, perfect: true }, ["streak_5"])).toEqual(["perfect_score"]);
  });
});

describe("boards as shown", () => {
  test("first name and initial only", () => {
    expect(boardName("Ada Lovelace")).toBe("Ada L.");
    expect(boardName("  Grace  Brewster Hopper ")).toBe("Grace H.");
    expect(boardName("Plato")).toBe("Plato");
    expect(boardName("   ")).toBe("A student");
  });

  test("equal XP shares a rank", () => {
    const names = new Map([
      ["a", "Ann Lee"],
      ["b", "Bo Ng"],
      ["c", "Cy Oh"],
      ["d", "Di Po"],
    ]);
    const rows = [
      { studentId: "a", xp: 50 },
      { studentId: "b", xp: 50 },
      { studentId: "c", xp: 20 },
      { studentId: "d", xp: 10 },
    ];
    expect(rankLines(rows, names).map((line) => [line.rank, line.name])).toEqual([
      [1, "Ann L."],
      [1, "Bo N."],
      [3, "Cy O."],
      [4, "Di P."],
    ]);
  });
});
