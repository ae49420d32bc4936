import { beforeAll, describe, expect, test } from "bun:test";
import {
  actorFor,
  type Centre,
  classInput,
  createCentre,
  createCourse,
  sessionStarts,
} from "../../../tests/support/fixtures";
import { localDate, localTime } from "../../platform/calendar";
import { db } from "../../platform/db";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { createClass, recordAttendance, regenerateSessions, updateClass } from "./service";
import { deleteDatedRange, saveDatedRange } from "./terms";

/**
 * Acceptance 2 (issue 14): a class with two weekly slots in a term with a half-term holiday has
 * exactly the expected sessions, at the same London wall-clock time on both sides of the
 * 25 October 2026 change from BST to GMT.
 */

const LONDON = "Europe/London";
// Thursday 1 October 2026, 10:00 in London: the 56-day window reaches past the end of the term.
const NOW = new Date("2026-10-01T09:00:00Z");
const MON_16 = { weekday: 1, startTime: "16:00", durationMinutes: 60 };
const THU_17 = { weekday: 4, startTime: "17:00", durationMinutes: 60 };
const AUTUMN_2 = { name: "Autumn term", startsOn: "2026-10-05", endsOn: "2026-11-13" };
const HALF_TERM = { name: "Half-term", startsOn: "2026-10-26", endsOn: "2026-10-30" };

// BST (UTC+1) before the change, GMT after it; the half-term week has none.
const EXPECTED = [
  "2026-10-05T15:00:00.000Z",
  "2026-10-08T16:00:00.000Z",
  "2026-10-12T15:00:00.000Z",
  "2026-10-15T16:00:00.000Z",
  "2026-10-19T15:00:00.000Z",
  "2026-10-22T16:00:00.000Z",
  "2026-11-02T16:00:00.000Z",
  "2026-11-05T17:00:00.000Z",
  "2026-11-09T16:00:00.000Z",
  "2026-11-12T17:00:00.000Z",
];

let centre: Centre;
let courseId: string;
const admin = () => actorFor(centre.people.centre_admin);

beforeAll(async () => {
  centre = await createCentre({ label: "term-schedule", timeZone: LONDON });
  courseId = await createCourse(centre);
});

async function sessions(classId: string) {
  return selectFromTenant(db, "class_sessions", trustedCentreId(centre.id))
    .where("class_id", "=", classId)
    .select(["id", "starts_at", "ends_at"])
    .orderBy("starts_at")
    .execute();
}

async function termClass(name: string, termId: string, slots = [MON_16, THU_17]) {
  const input = classInput(courseId, centre.people.tutor.id, { name, slots, termId, startsOn: "", endsOn: null });
  return createClass(await admin(), input, NOW);
}

describe("two weekly slots in a term with a half-term holiday (acceptance 2)", () => {
  test("generates exactly the expected sessions, at 16:00 and 17:00 London time across the DST change", async () => {
    const termId = await saveDatedRange(await admin(), "term", null, AUTUMN_2, NOW);
    await saveDatedRange(await admin(), "holiday", null, HALF_TERM, NOW);
    const classId = await termClass("Two slots", termId);

    const rows = await sessions(classId);
    expect(rows.map((row) => row.starts_at.toISOString())).toEqual(EXPECTED);
    for (const row of rows) {
      const date = localDate(row.starts_at, LONDON);
      expect(date >= AUTUMN_2.startsOn && date <= AUTUMN_2.endsOn).toBe(true);
      expect(date >= HALF_TERM.startsOn && date <= HALF_TERM.endsOn).toBe(false);
      expect(row.ends_at.getTime() - row.starts_at.getTime()).toBe(60 * 60_000);
    }
    expect(rows.map((row) => localTime(row.starts_at, LONDON))).toEqual(
      EXPECTED.map((_, index) => (index % 2 === 0 ? "16:00" : "17:00")),
    );
    const klass = await db
      .selectFrom("classes")
      .where("id", "=", classId)
      .select(["term_id"])
      .executeTakeFirstOrThrow();
    expect(klass.term_id).toBe(termId);

    // Running generation again, or the daily job, changes nothing.
    expect(await regenerateSessions(await admin(), classId, NOW)).toEqual({ written: 0, removed: 0 });
    expect(await sessionStarts(centre, classId)).toEqual(EXPECTED);
  });

  test("a holiday added later removes its sessions except those with attendance; deleting it brings them back", async () => {
    const termId = await saveDatedRange(await admin(), "term", null, { ...AUTUMN_2, name: "Term B" }, NOW);
    const classId = await termClass("Late holiday", termId);
    const student = centre.people.student;
    const all = await sessions(classId);
    // Without the first test's half-term (it is centre-wide), this class already skips it.
    expect(all.map((row) => row.starts_at.toISOString())).toEqual(EXPECTED);

    const bonfire = await saveDatedRange(
      await admin(),
      "holiday",
      null,
      { name: "Bonfire week", startsOn: "2026-11-02", endsOn: "2026-11-06" },
      NOW,
    );
    const afterHoliday = await sessionStarts(centre, classId);
    expect(afterHoliday).not.toContain("2026-11-02T16:00:00.000Z");
    expect(afterHoliday).not.toContain("2026-11-05T17:00:00.000Z");
    expect(afterHoliday).toHaveLength(8);

    await deleteDatedRange(await admin(), "holiday", bonfire, NOW);
    expect(await sessionStarts(centre, classId)).toEqual(EXPECTED);

    // An attended session in a holiday added afterwards is kept as history.
    const monday = all.find((row) => row.starts_at.toISOString() === "2026-11-09T16:00:00.000Z")!;
    await db
      .insertInto("class_members")
      .values({ centre_id: centre.id, class_id: classId, student_id: student.id })
      .execute();
    // Taken on the day (attendance is never taken ahead of it), then the holiday is added on NOW.
    await recordAttendance(await admin(), monday.id, student.id, "present", "tutor", monday.starts_at);
    await saveDatedRange(
      await admin(),
      "holiday",
      null,
      { name: "Inset", startsOn: "2026-11-09", endsOn: "2026-11-12" },
      NOW,
    );
    const kept = await sessionStarts(centre, classId);
    expect(kept).toContain("2026-11-09T16:00:00.000Z");
    expect(kept).not.toContain("2026-11-12T17:00:00.000Z");
  });

  test("moving a term's dates moves its classes' sessions", async () => {
    const termId = await saveDatedRange(await admin(), "term", null, { ...AUTUMN_2, name: "Term C" }, NOW);
    const classId = await termClass("Moving term", termId, [MON_16]);
    await saveDatedRange(await admin(), "term", termId, { ...AUTUMN_2, name: "Term C", endsOn: "2026-10-16" }, NOW);
    expect(await sessionStarts(centre, classId)).toEqual(["2026-10-05T15:00:00.000Z", "2026-10-12T15:00:00.000Z"]);
  });
});

describe("re-planning after an edit keeps history", () => {
  test("changing a slot moves only future sessions without attendance, with no duplicates", async () => {
    const input = classInput(courseId, centre.people.tutor.id, {
      name: "Edited slots",
      slots: [MON_16, THU_17],
      startsOn: "2026-09-01",
      endsOn: "2026-11-06",
    });
    // Created a week before NOW, so the Monday 28 September session is already in the past.
    const created = new Date("2026-09-24T09:00:00Z");
    const classId = await createClass(await admin(), input, created);
    const student = centre.people.student;
    await db
      .insertInto("class_members")
      .values({ centre_id: centre.id, class_id: classId, student_id: student.id })
      .execute();
    const before = await sessions(classId);
    const attended = before.find((row) => row.starts_at.toISOString() === "2026-10-08T16:00:00.000Z")!;
    await recordAttendance(await admin(), attended.id, student.id, "late", "tutor", attended.starts_at);

    // Thursdays 17:00 become Wednesdays 18:00.
    const edited = { ...input, slots: [MON_16, { weekday: 3, startTime: "18:00", durationMinutes: 60 }] };
    await updateClass(await admin(), classId, edited, NOW);
    const starts = await sessionStarts(centre, classId);
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts).toContain("2026-09-28T15:00:00.000Z"); // past: kept
    expect(starts).not.toContain("2026-10-01T16:00:00.000Z"); // today's Thursday, still to come: gone
    expect(starts).toContain("2026-10-08T16:00:00.000Z"); // attended Thursday: kept
    expect(starts).not.toContain("2026-10-15T16:00:00.000Z"); // future Thursday: gone
    expect(starts).toContain("2026-10-07T17:00:00.000Z"); // new Wednesday 18:00 BST
    expect(starts).not.toContain("2026-10-28T18:00:00.000Z"); // half-term
    expect(starts).toContain("2026-11-04T18:00:00.000Z"); // Wednesday 18:00 GMT, after the change
    const attendance = await db.selectFrom("attendance").where("session_id", "=", attended.id).selectAll().execute();
    expect(attendance).toHaveLength(1);

    await updateClass(await admin(), classId, edited, NOW);
    expect(await sessionStarts(centre, classId)).toEqual(starts);
  });
});
