import { describe, expect, test } from "bun:test";
import { localDate, localTime } from "../../platform/calendar";
import { occurrences } from "./schedule";

const LONDON = "Europe/London";

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
      expect(localTime(session.startsAt, LONDON)).toBe("16:00");
      expect(localTime(session.endsAt, LONDON)).toBe("17:30");
    }
  });

  test("nothing before the class starts or after it ends", () => {
    const bounded = { ...slot, startsOn: "2026-03-20", endsOn: "2026-04-01" };
    const sessions = occurrences(bounded, "2026-03-01", "2026-05-01", LONDON);
    expect(sessions.map((session) => localDate(session.startsAt, LONDON))).toEqual(["2026-03-24", "2026-03-31"]);
  });

  test("an empty range gives no sessions", () => {
    expect(occurrences(slot, "2026-03-18", "2026-03-23", LONDON)).toEqual([]);
  });

  test("a Sunday slot with seconds in its start time, in a zone east of UTC", () => {
    const sunday = { weekday: 7, startTime: "09:30:00", durationMinutes: 60, startsOn: "2026-01-01", endsOn: null };
    const sessions = occurrences(sunday, "2026-01-05", "2026-01-18", "Australia/Sydney");
    expect(sessions.map((session) => session.startsAt.toISOString())).toEqual([
      "2026-01-10T22:30:00.000Z",
      "2026-01-17T22:30:00.000Z",
    ]);
  });

  test("across the autumn change a 16:00 class moves from 15:00 to 16:00 UTC", () => {
    const sessions = occurrences(slot, "2026-10-19", "2026-11-01", LONDON);
    expect(sessions.map((session) => session.startsAt.toISOString())).toEqual([
      "2026-10-20T15:00:00.000Z",
      "2026-10-27T16:00:00.000Z",
    ]);
  });

  test("a range that starts after the class ended gives no sessions", () => {
    const ended = { ...slot, endsOn: "2026-03-31" };
    expect(occurrences(ended, "2026-04-01", "2026-05-01", LONDON)).toEqual([]);
  });

  test("a session that runs past midnight ends on the next local day", () => {
    const late = { ...slot, startTime: "23:30", durationMinutes: 60 };
    const [session] = occurrences(late, "2026-03-17", "2026-03-17", LONDON);
    expect(localDate(session!.endsAt, LONDON)).toBe("2026-03-18");
    expect(localTime(session!.endsAt, LONDON)).toBe("00:30");
  });

  test("a class that runs on one day only has that one session", () => {
    const once = { ...slot, startsOn: "2026-03-24", endsOn: "2026-03-24" };
    expect(
      occurrences(once, "2026-03-01", "2026-04-30", LONDON).map((session) => session.startsAt.toISOString()),
    ).toEqual(["2026-03-24T16:00:00.000Z"]);
  });
});
