import { describe, expect, test } from "bun:test";
import { instantToLocal, isLate, localToInstant } from "./due";

describe("due times in the centre's timezone", () => {
  test("a London evening in winter and in summer", () => {
    expect(localToInstant("2026-01-15T17:30", "Europe/London")?.toISOString()).toBe("2026-01-15T17:30:00.000Z");
    expect(localToInstant("2026-07-15T17:30", "Europe/London")?.toISOString()).toBe("2026-07-15T16:30:00.000Z");
  });

  test("zones east and west of UTC", () => {
    expect(localToInstant("2026-03-01T09:00", "Asia/Kolkata")?.toISOString()).toBe("2026-03-01T03:30:00.000Z");
    expect(localToInstant("2026-03-01T09:00", "America/New_York")?.toISOString()).toBe("2026-03-01T14:00:00.000Z");
  });

  test("round trips back to what was typed", () => {
    for (const zone of ["UTC", "Europe/Berlin", "Australia/Sydney", "America/Los_Angeles"]) {
      const instant = localToInstant("2026-10-04T18:45", zone);
      expect(instant && instantToLocal(instant, zone)).toBe("2026-10-04T18:45");
    }
  });

  test("text that is not a real date-time gives null", () => {
    for (const text of ["", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "2026-01-01 10:00", "soon"]) {
      expect(localToInstant(text, "UTC")).toBeNull();
    }
  });
});

describe("late is computed, never stored", () => {
  const due = new Date("2026-03-01T17:00:00Z");

  test("handed in before the due time is on time, after it late", () => {
    expect(isLate(due, new Date("2026-03-01T16:59:00Z"), new Date("2026-03-05T00:00:00Z"))).toBe(false);
    expect(isLate(due, new Date("2026-03-01T17:01:00Z"), new Date("2026-03-01T17:02:00Z"))).toBe(true);
  });

  test("not handed in: late only once the due time has passed", () => {
    expect(isLate(due, null, new Date("2026-03-01T16:00:00Z"))).toBe(false);
    expect(isLate(due, null, new Date("2026-03-01T17:00:01Z"))).toBe(true);
  });
});
