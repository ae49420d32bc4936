import { describe, expect, test } from "bun:test";
import { daysBetween, localDate } from "../../platform/calendar";
import { ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { withLocalisation } from "../../platform/i18n/context";
import { dueRelative, formatDue, isLate } from "./due";
import { dueInstant } from "./forms";

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

describe("a typed due time in the centre's time zone", () => {
  const before = new Date("2026-01-01T00:00:00Z");

  test("a London evening in winter and in summer", () => {
    expect(dueInstant("2026-01-15T17:30", "Europe/London", before).toISOString()).toBe("2026-01-15T17:30:00.000Z");
    expect(dueInstant("2026-07-15T17:30", "Europe/London", before).toISOString()).toBe("2026-07-15T16:30:00.000Z");
  });

  test("zones east and west of UTC", () => {
    expect(dueInstant("2026-03-01T09:00", "Asia/Kolkata", before).toISOString()).toBe("2026-03-01T03:30:00.000Z");
    expect(dueInstant("2026-03-01T09:00", "America/New_York", before).toISOString()).toBe("2026-03-01T14:00:00.000Z");
  });

  test("text that is not a real date-time is refused beside the field", () => {
    for (const text of ["2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "soon"]) {
      expect(fieldErrorOf(() => dueInstant(text, "UTC", before))).toEqual({ dueAt: "Enter a real date and time" });
    }
  });

  test("a due time that has already come is refused", () => {
    const now = new Date("2026-03-01T17:30:00Z");
    expect(fieldErrorOf(() => dueInstant("2026-03-01T17:30", "UTC", now))).toEqual({
      dueAt: "Choose a time still to come",
    });
    expect(dueInstant("2026-03-01T17:31", "UTC", now).toISOString()).toBe("2026-03-01T17:31:00.000Z");
  });
});

function fieldErrorOf(work: () => unknown): Record<string, string> | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof ValidationError ? error.fieldErrors : null;
  }
}

describe("due times in lists", () => {
  test("a short weekday, day, month and 24-hour time in the centre's zone", () => {
    const instant = new Date("2026-03-03T17:30:00Z");
    expect(formatDue(instant, "Europe/London")).toBe("Tue 3 Mar, 17:30");
    expect(formatDue(instant, "Australia/Sydney")).toBe("Wed 4 Mar, 04:30");
  });
});

describe("how far off the due time is, worded once per language and number", () => {
  const now = new Date("2026-03-03T09:00:00Z");
  const dues = [-3, -1, 0.1, 0.4, 1, 2, 9].map((days) => new Date(now.getTime() + days * 86_400_000));
  const direct = (due: Date) => {
    const ahead = due.getTime() - now.getTime();
    const days = daysBetween(localDate(now, "Europe/London"), localDate(due, "Europe/London"));
    if (ahead <= 0) return t("homework.due.daysAgo", { days: -days });
    if (ahead < 12 * 3_600_000) return t("homework.due.inHours", { hours: Math.floor(ahead / 3_600_000) });
    return t("homework.due.inDays", { days });
  };

  test("the same words as the messages themselves, in each language, twice over, today given or not", () => {
    for (const locale of ["en-GB", "es", "ar", "en-GB"] as const) {
      withLocalisation({ locale }, () => {
        const today = localDate(now, "Europe/London");
        for (const due of dues) {
          expect(dueRelative(due, now, "Europe/London")).toBe(direct(due));
          expect(dueRelative(due, now, "Europe/London", today)).toBe(direct(due));
        }
      });
    }
    expect(withLocalisation({ locale: "es" }, () => dueRelative(dues[0] as Date, now, "Europe/London"))).not.toBe(
      withLocalisation({ locale: "en-GB" }, () => dueRelative(dues[0] as Date, now, "Europe/London")),
    );
  });
});
