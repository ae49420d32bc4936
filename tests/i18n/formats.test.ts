import { describe, expect, test } from "bun:test";
import { DEMO_CENTRES } from "../../scripts/seed";
import {
  firstDayOfWeek,
  formatDate,
  formatDateParts,
  formatDateTime,
  formatList,
  formatLocalDate,
  formatNumber,
  formatPercent,
  formatTime,
  LOCALES,
  type Locale,
  weekdayName,
  weekdaysInOrder,
  withLocalisation,
} from "../../src/platform/i18n";

/**
 * Acceptance 4 of issue 12: dates, times and numbers in every shipped locale, checked against
 * `Intl` and against what people there expect, around the clock changes of every demo centre's
 * time zone (formatted in that zone, as the request guard sets it).
 */

interface ClockChange {
  /** What happens: "spring forward" or "fall back". */
  what: string;
  /** Instants either side of the change, with the wall-clock time (24-hour) and day each shows. */
  instants: { at: string; wall: string; day: string }[];
}

/** The 2026 clock changes, worked out from the rules (EU: last Sundays; NSW: first Sundays). */
const CLOCK_CHANGES: Record<string, ClockChange[]> = {
  "Europe/London": [
    {
      what: "spring forward: 01:00 GMT becomes 02:00 BST on 29 March",
      instants: [
        { at: "2026-03-29T00:30:00Z", wall: "00:30", day: "2026-03-29" },
        { at: "2026-03-29T00:59:00Z", wall: "00:59", day: "2026-03-29" },
        { at: "2026-03-29T01:00:00Z", wall: "02:00", day: "2026-03-29" },
        { at: "2026-03-29T01:30:00Z", wall: "02:30", day: "2026-03-29" },
      ],
    },
    {
      what: "fall back: 02:00 BST becomes 01:00 GMT on 25 October (01:30 happens twice)",
      instants: [
        { at: "2026-10-25T00:30:00Z", wall: "01:30", day: "2026-10-25" },
        { at: "2026-10-25T01:30:00Z", wall: "01:30", day: "2026-10-25" },
        { at: "2026-10-25T02:30:00Z", wall: "02:30", day: "2026-10-25" },
      ],
    },
  ],
  "Australia/Sydney": [
    {
      what: "fall back: 03:00 AEDT becomes 02:00 AEST on 5 April (02:30 happens twice)",
      instants: [
        { at: "2026-04-04T13:30:00Z", wall: "00:30", day: "2026-04-05" },
        { at: "2026-04-04T15:30:00Z", wall: "02:30", day: "2026-04-05" },
        { at: "2026-04-04T16:30:00Z", wall: "02:30", day: "2026-04-05" },
        { at: "2026-04-04T17:30:00Z", wall: "03:30", day: "2026-04-05" },
      ],
    },
    {
      what: "spring forward: 02:00 AEST becomes 03:00 AEDT on 4 October",
      instants: [
        { at: "2026-10-03T15:30:00Z", wall: "01:30", day: "2026-10-04" },
        { at: "2026-10-03T16:00:00Z", wall: "03:00", day: "2026-10-04" },
        { at: "2026-10-03T16:30:00Z", wall: "03:30", day: "2026-10-04" },
      ],
    },
  ],
};

/** Whether each locale's clock is 12-hour (with a day period) or 24-hour. */
const TWELVE_HOUR: Record<Locale, boolean> = { "en-GB": false, "en-US": true, "en-AU": true, es: false, ar: true };

/** The first day of the week where each language is used (ISO: 1 Monday, 6 Saturday, 7 Sunday). */
const FIRST_DAY: Record<Locale, number> = { "en-GB": 1, "en-US": 7, "en-AU": 1, es: 1, ar: 6 };

function inCentre<T>(locale: Locale, timeZone: string, work: () => T): T {
  return withLocalisation({ locale, timeZone }, work);
}

/** The wall-clock time and day an instant shows in a zone, read from Intl's parts (24-hour, Latin digits). */
function wallClock(at: Date, timeZone: string): { wall: string; day: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { wall: `${parts.hour}:${parts.minute}`, day: `${parts.year}-${parts.month}-${parts.day}` };
}

describe("every demo centre's time zone has its clock changes here", () => {
  test.each(DEMO_CENTRES.map((centre) => [centre.name, centre.timeZone] as const))("%s (%s)", (_, timeZone) => {
    expect(CLOCK_CHANGES[timeZone]?.length ?? 0).toBeGreaterThan(0);
  });
});

describe.each(Object.entries(CLOCK_CHANGES))("around the clock changes in %s", (timeZone, changes) => {
  const cases = changes.flatMap((change) =>
    change.instants.map((instant) => [change.what, instant.at, instant] as const),
  );

  test.each(cases)("%s: %s is the wall time the rules give", (_, at, instant) => {
    expect(wallClock(new Date(at), timeZone)).toEqual({ wall: instant.wall, day: instant.day });
  });

  test.each(LOCALES)("%s: times, dates and moments match Intl in the centre's zone", (locale) => {
    for (const [, at] of cases) {
      const when = new Date(at);
      const intl = (options: Intl.DateTimeFormatOptions) =>
        new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(when);
      inCentre(locale, timeZone, () => {
        expect(formatTime(when)).toBe(intl({ timeStyle: "short" }));
        expect(formatDate(when)).toBe(intl({ dateStyle: "medium" }));
        expect(formatDate(when, "full")).toBe(intl({ dateStyle: "full" }));
        expect(formatDateTime(when)).toBe(intl({ dateStyle: "medium", timeStyle: "short" }));
        expect(formatDateParts(when, { weekday: "short", day: "numeric", month: "short" })).toBe(
          intl({ weekday: "short", day: "numeric", month: "short" }),
        );
      });
      // An explicit zone wins over the current one (a worker formatting for another centre).
      expect(inCentre(locale, "UTC", () => formatTime(when, timeZone))).toBe(intl({ timeStyle: "short" }));
    }
  });

  test.each(LOCALES)(
    "%s: the hour after each change shows the new wall time, on the 12- or 24-hour clock",
    (locale) => {
      for (const [, at, instant] of cases) {
        const when = new Date(at);
        const parts = inCentre(locale, timeZone, () =>
          new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }).formatToParts(when),
        );
        const shown = inCentre(locale, timeZone, () => formatTime(when));
        const [hour, minute] = instant.wall.split(":").map(Number) as [number, number];
        const expectedHour = TWELVE_HOUR[locale] ? ((hour + 11) % 12) + 1 : hour;
        const digits = (n: number, width: number) =>
          new Intl.NumberFormat(locale, { minimumIntegerDigits: width, useGrouping: false }).format(n);
        expect(parts.some((part) => part.type === "dayPeriod")).toBe(TWELVE_HOUR[locale]);
        expect(shown).toContain(digits(minute, 2));
        const hourPart = parts.find((part) => part.type === "hour")?.value;
        expect([digits(expectedHour, 1), digits(expectedHour, 2)]).toContain(hourPart as string);
      }
    },
  );
});

describe("what people in each locale expect to read", () => {
  const springForward = new Date("2026-03-29T01:30:00Z");

  test("London, the hour after the clocks go forward", () => {
    const london = "Europe/London";
    expect(inCentre("en-GB", london, () => formatTime(springForward))).toBe("02:30");
    expect(inCentre("en-US", london, () => formatTime(springForward))).toMatch(/^2:30\sAM$/);
    expect(inCentre("en-AU", london, () => formatTime(springForward))).toMatch(/^2:30\sam$/);
    expect(inCentre("es", london, () => formatTime(springForward))).toBe("2:30");
    expect(inCentre("en-GB", london, () => formatDate(springForward))).toBe("29 Mar 2026");
    expect(inCentre("en-US", london, () => formatDate(springForward))).toBe("Mar 29, 2026");
    expect(inCentre("es", london, () => formatDate(springForward))).toBe("29 mar 2026");
    expect(inCentre("en-GB", london, () => formatDate(springForward, "full"))).toBe("Sunday, 29 March 2026");
  });

  test("Sydney, the repeated half hour when the clocks go back, on the local day", () => {
    const sydney = "Australia/Sydney";
    const first = new Date("2026-04-04T15:30:00Z");
    const second = new Date("2026-04-04T16:30:00Z");
    expect(inCentre("en-AU", sydney, () => [formatTime(first), formatTime(second)])).toEqual(
      inCentre("en-AU", sydney, () => [formatTime(first), formatTime(first)]),
    );
    expect(inCentre("en-AU", sydney, () => formatTime(second))).toMatch(/^2:30\sam$/);
    expect(inCentre("en-GB", sydney, () => formatDate(second))).toBe("5 Apr 2026");
    // In UTC it is still the 4th: the centre's zone decides the day.
    expect(inCentre("en-GB", "UTC", () => formatDate(second))).toBe("4 Apr 2026");
  });

  test("Arabic uses a 12-hour clock with its own day periods (ص morning, م evening)", () => {
    expect(inCentre("ar", "Europe/London", () => formatTime(springForward))).toContain("ص");
    expect(inCentre("ar", "Europe/London", () => formatTime(new Date("2026-03-29T15:30:00Z")))).toContain("م");
  });

  test("a calendar day (YYYY-MM-DD) shows as that day in every zone", () => {
    for (const timeZone of ["Australia/Sydney", "Europe/London", "Pacific/Honolulu"]) {
      expect(inCentre("en-GB", timeZone, () => formatLocalDate("2026-03-29"))).toBe("29 Mar 2026");
      expect(inCentre("en-US", timeZone, () => formatLocalDate("2026-10-04"))).toBe("Oct 4, 2026");
    }
  });
});

describe("numbers and percentages", () => {
  const values = [0, 7, 1234, 12345.678, 1234567.891, -4200.5];

  test.each(LOCALES)("%s: grouped numbers and percentages match Intl", (locale) => {
    inCentre(locale, "UTC", () => {
      for (const value of values) expect(formatNumber(value)).toBe(new Intl.NumberFormat(locale).format(value));
      for (const ratio of [0, 0.5, 0.756, 1, 1.25])
        expect(formatPercent(ratio)).toBe(
          new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(ratio),
        );
      expect(formatPercent(0.7567, 1)).toBe(
        new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(0.7567),
      );
    });
  });

  test("grouping and decimal marks as each language writes them", () => {
    expect(inCentre("en-GB", "UTC", () => formatNumber(1234567.891))).toBe("1,234,567.891");
    expect(inCentre("en-US", "UTC", () => formatNumber(1234567.891))).toBe("1,234,567.891");
    expect(inCentre("es", "UTC", () => formatNumber(1234567.891))).toBe("1.234.567,891");
    // Spanish groups only from five digits.
    expect(inCentre("es", "UTC", () => formatNumber(1234))).toBe("1234");
    expect(inCentre("es", "UTC", () => formatNumber(12345))).toBe("12.345");
  });

  test("percentages as each language writes them", () => {
    expect(inCentre("en-GB", "UTC", () => formatPercent(0.756))).toBe("76%");
    expect(inCentre("es", "UTC", () => formatPercent(0.756))).toMatch(/^76\s%$/);
  });

  test("lists join with the language's word", () => {
    expect(inCentre("en-GB", "UTC", () => formatList(["Ann", "Bob", "Cal"]))).toBe("Ann, Bob and Cal");
    expect(inCentre("es", "UTC", () => formatList(["Ann", "Bob", "Cal"]))).toBe("Ann, Bob y Cal");
    expect(inCentre("ar", "UTC", () => formatList(["أ", "ب"]))).toBe(new Intl.ListFormat("ar").format(["أ", "ب"]));
  });
});

describe("weeks", () => {
  test.each(LOCALES)("%s: the week starts on the locale's first day", (locale) => {
    expect(firstDayOfWeek(locale)).toBe(FIRST_DAY[locale]);
    const order = weekdaysInOrder(locale);
    expect(order[0]).toBe(FIRST_DAY[locale]);
    expect([...order].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(inCentre(locale, "UTC", () => firstDayOfWeek())).toBe(FIRST_DAY[locale]);
  });

  test.each(LOCALES)("%s: weekday names match Intl, in every time zone", (locale) => {
    for (const timeZone of ["Australia/Sydney", "Pacific/Honolulu"]) {
      inCentre(locale, timeZone, () => {
        // 2024-01-01 was a Monday.
        for (let day = 1; day <= 7; day++)
          expect(weekdayName(day)).toBe(
            new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(
              new Date(Date.UTC(2024, 0, day, 12)),
            ),
          );
      });
    }
    expect(inCentre("en-GB", "UTC", () => weekdayName(1))).toBe("Monday");
    expect(inCentre("es", "UTC", () => weekdayName(7))).toBe("domingo");
  });
});
