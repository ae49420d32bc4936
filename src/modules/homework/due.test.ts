import { describe, expect, test } from "bun:test";
import { isLate } from "./due";

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
