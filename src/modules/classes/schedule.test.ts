import { describe, expect, test } from "bun:test";
import { dayBounds, isoWeekday, localDate, localTime, mondayOf, occurrences, zonedInstant } from "./schedule";

const LONDON = "Europe/London";

describe("local times in a centre's timezone", () => {
  test("16:00 in London is 16:00 UTC in winter and 15:00 UTC in summer", () => {
    expect(zonedInstant("2026-01-12", "16:00", LONDON).toISOString()).toBe("2026-01-12T16:00:00.000Z");
    expect(zonedInstant("2026-06-15", "16:00", LONDON).toISOString()).toBe("2026-06-15T15:00:00.000Z");
  });

  test("Sydney is ahead of UTC, across its own (southern) summer time", () => {
    expect(zonedInstant("2026-01-12", "09:30", "Australia/Sydney").toISOString()).toBe("2026-01-11T22:30:00.000Z");
    expect(zonedInstant("2026-06-15", "09:30", "Australia/Sydney").toISOString()).toBe("2026-06-14T23:30:00.000Z");
  });

  test("a time skipped by the spring change lands after the gap; a repeated autumn time takes the first", () => {
    // 29 March 2026: London clocks go from 01:00 GMT to 02:00 BST.
    expect(zonedInstant("2026-03-29", "01:30", LONDON).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 25 October 2026: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    expect(zonedInstant("2026-10-25", "01:30", LONDON).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  test("local date and time of an instant, and the bounds of a change day", () => {
    const instant = new Date("2026-06-15T23:30:00Z");
    expect(localDate(LONDON, instant)).toBe("2026-06-16");
    expect(localTime(LONDON, instant)).toBe("00:30");
    const { from, to } = dayBounds("2026-03-29", LONDON);
    expect(to.getTime() - from.getTime()).toBe(23 * 3600_000);
  });

  test("ISO weekdays and Mondays", () => {
    expect(isoWeekday("2026-01-12")).toBe(1);
    expect(isoWeekday("2026-01-18")).toBe(7);
    expect(mondayOf("2026-01-18")).toBe("2026-01-12");
    expect(mondayOf("2026-01-12")).toBe("2026-01-12");
  });
});

describe("weekly slot occurrences", () => {
  const slot = { weekday: 2, startTime: "16:00", durationMinutes: 90, startsOn: "2026-03-01", endsOn: null };

  test("one session a week on the slot's weekday, at the same local time across the DST change", () => {
    const sessions = occurrences(slot, "2026-03-16", "2026-04-07", LONDON);
    expect(sessions.map((session) => session.startsAt.toISOString())).toEqual([
      "2026-03-17T16:00:00.000Z",
      "2026-03-24T16:00:00.000Z",
      "2026-03-31T15:00:00.000Z",
      "2026-04-07T15:00:00.000Z",
    ]);
    for (const session of sessions) {
      expect(localTime(LONDON, session.startsAt)).toBe("16:00");
      expect(localTime(LONDON, session.endsAt)).toBe("17:30");
    }
  });

  test("nothing before the class starts or after it ends", () => {
    const bounded = { ...slot, startsOn: "2026-03-20", endsOn: "2026-04-01" };
    const sessions = occurrences(bounded, "2026-03-01", "2026-05-01", LONDON);
    expect(sessions.map((session) => localDate(LONDON, session.startsAt))).toEqual(["2026-03-24", "2026-03-31"]);
  });

  test("an empty range gives no sessions", () => {
    expect(occurrences(slot, "2026-03-18", "2026-03-23", LONDON)).toEqual([]);
  });
});
