import { describe, expect, test } from "bun:test";
import {
  addDays,
  dayBounds,
  daysBetween,
  isLocalDate,
  isoWeekday,
  isoWeekOf,
  isValidTimeZone,
  localDate,
  localDateTime,
  localTime,
  mondayOf,
  mondayOfIsoWeek,
  nowIn,
  parseLocalDateTime,
  weekBounds,
  zonedInstant,
} from "./calendar";

const LONDON = "Europe/London";

describe("local times in a centre's time zone", () => {
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

  test("local date, time and date-time of an instant; what time it is in a centre", () => {
    const instant = new Date("2026-06-15T23:30:00Z");
    expect(localDate(instant, LONDON)).toBe("2026-06-16");
    expect(localTime(instant, LONDON)).toBe("00:30");
    expect(localDateTime(instant, LONDON)).toBe("2026-06-16T00:30");
    expect(nowIn("Australia/Sydney", instant)).toEqual({ instant, date: "2026-06-16", time: "09:30" });
  });

  test("the bounds of a change day and of its week", () => {
    const day = dayBounds("2026-03-29", LONDON);
    expect(day.to.getTime() - day.from.getTime()).toBe(23 * 3600_000);
    const week = weekBounds("2026-03-29", LONDON);
    expect(week.from.toISOString()).toBe("2026-03-23T00:00:00.000Z");
    expect(week.to.toISOString()).toBe("2026-03-29T23:00:00.000Z");
  });

  test("time zone names are checked", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("typed local date-times (datetime-local inputs)", () => {
  test("a London evening in winter and in summer; zones east and west of UTC", () => {
    expect(parseLocalDateTime("2026-01-15T17:30", LONDON)?.toISOString()).toBe("2026-01-15T17:30:00.000Z");
    expect(parseLocalDateTime("2026-07-15T17:30", LONDON)?.toISOString()).toBe("2026-07-15T16:30:00.000Z");
    expect(parseLocalDateTime("2026-03-01T09:00", "Asia/Kolkata")?.toISOString()).toBe("2026-03-01T03:30:00.000Z");
    expect(parseLocalDateTime("2026-03-01T09:00", "America/New_York")?.toISOString()).toBe("2026-03-01T14:00:00.000Z");
  });

  test("round trips back to what was typed", () => {
    for (const zone of ["UTC", "Europe/Berlin", "Australia/Sydney", "America/Los_Angeles"]) {
      const instant = parseLocalDateTime("2026-10-04T18:45", zone);
      expect(instant && localDateTime(instant, zone)).toBe("2026-10-04T18:45");
    }
  });

  test("text that is not a real date-time gives null; real dates are told from impossible ones", () => {
    for (const text of ["", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "2026-01-01 10:00", "soon"]) {
      expect(parseLocalDateTime(text, "UTC")).toBeNull();
    }
    expect(isLocalDate("2028-02-29")).toBe(true);
    expect(isLocalDate("2026-02-29")).toBe(false);
    expect(isLocalDate("2026-4-1")).toBe(false);
  });
});

describe("days and ISO weeks", () => {
  test("weekdays, Mondays and day arithmetic across month and year ends", () => {
    expect(isoWeekday("2026-01-12")).toBe(1);
    expect(isoWeekday("2026-01-18")).toBe(7);
    expect(mondayOf("2026-01-18")).toBe("2026-01-12");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
  });

  test("ISO week labels agree with PostgreSQL's IYYY-IW, and map back to their Monday", () => {
    expect(isoWeekOf("2026-01-01")).toBe("2026-W01");
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    expect(isoWeekOf("2024-12-30")).toBe("2025-W01");
    expect(mondayOfIsoWeek("2026-W07")).toBe("2026-02-09");
    expect(mondayOfIsoWeek(isoWeekOf("2027-01-01"))).toBe("2026-12-28");
  });
});
