import { beforeAll, describe, expect, test } from "bun:test";
import {
  actorFor,
  addPerson,
  type Centre,
  classInput,
  createCentre,
  createCourse,
  type Kiosk,
  type Person,
  pairKiosk,
  sessionStarts,
} from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { trustedCentreId } from "../../platform/tenancy";
import { syncSessions } from "./generate";
import {
  addMember,
  archiveClass,
  attendanceForStudent,
  classById,
  classesForTutor,
  createClass,
  deleteClass,
  recordAttendance,
  sessionsToday,
  studentsOfClass,
  takeAttendance,
  tutorTeaches,
  tutorToday,
  updateClass,
} from "./service";

// Tuesday 10 March 2026, noon in London: the window runs to Tuesday 5 May, across the 29 March change.
const NOW = new Date("2026-03-10T12:00:00Z");
let centre: Centre;
let courseId: string;
let otherTutor: Person;
let kiosk: Kiosk;
const KIOSK_REQUEST = { ip: "203.0.113.20", userAgent: "kiosk", requestId: "req-kiosk-test" };

beforeAll(async () => {
  centre = await createCentre({ label: "classes", timeZone: "Europe/London" });
  kiosk = await pairKiosk(centre);
  courseId = await createCourse(centre);
  otherTutor = await addPerson(centre, "tutor", { name: "Second tutor" });
});

const admin = () => actorFor(centre.people.centre_admin);
const centreId = () => trustedCentreId(centre.id);

async function newClass(overrides = {}) {
  return createClass(await admin(), classInput(courseId, centre.people.tutor.id, overrides), NOW);
}

async function attendanceRows(sessionId: string) {
  return db.selectFrom("attendance").where("session_id", "=", sessionId).selectAll().execute();
}

describe("session generation from the weekly slot", () => {
  test("a new class gets its coming eight weeks at 16:00 London time, before and after the clocks change", async () => {
    const id = await newClass();
    const starts = await sessionStarts(centre, id);
    expect(starts).toEqual([
      "2026-03-10T16:00:00.000Z",
      "2026-03-17T16:00:00.000Z",
      "2026-03-24T16:00:00.000Z",
      "2026-03-31T15:00:00.000Z",
      "2026-04-07T15:00:00.000Z",
      "2026-04-14T15:00:00.000Z",
      "2026-04-21T15:00:00.000Z",
      "2026-04-28T15:00:00.000Z",
      "2026-05-05T15:00:00.000Z",
    ]);
  });

  test("generating again changes nothing; a day later the window rolls on", async () => {
    const id = await newClass();
    expect(await syncSessions(db, (await admin()).centre, id, { now: NOW })).toEqual({ written: 0, removed: 0 });
    const later = new Date(NOW.getTime() + 7 * 86_400_000);
    expect(await syncSessions(db, (await admin()).centre, id, { now: later })).toEqual({ written: 1, removed: 0 });
    expect((await sessionStarts(centre, id)).at(-1)).toBe("2026-05-12T15:00:00.000Z");
  });

  test("an end date stops sessions; a changed slot replaces future sessions that have no attendance", async () => {
    const student = await addPerson(centre, "student", { name: "Marked student" });
    const id = await newClass();
    await addMember(await admin(), id, student.id);
    const [, marked] = await db
      .selectFrom("class_sessions")
      .where("class_id", "=", id)
      .select(["id", "starts_at"])
      .orderBy("starts_at")
      .execute();
    // Taken on the session's day: attendance is never taken ahead of it.
    await recordAttendance(await admin(), marked!.id, student.id, "present", "tutor", marked!.starts_at);

    await updateClass(await admin(), id, classInput(courseId, centre.people.tutor.id, { endsOn: "2026-03-31" }), NOW);
    expect(await sessionStarts(centre, id)).toHaveLength(4);

    await updateClass(
      await admin(),
      id,
      classInput(courseId, centre.people.tutor.id, { weekday: 4, startTime: "17:30" }),
      NOW,
    );
    const starts = await sessionStarts(centre, id);
    // The marked Tuesday session stays; the other future Tuesdays became Thursdays at 17:30.
    expect(starts).toContain("2026-03-17T16:00:00.000Z");
    expect(starts).toContain("2026-03-12T17:30:00.000Z");
    expect(starts).toContain("2026-04-02T16:30:00.000Z");
    expect(starts).not.toContain("2026-03-24T16:00:00.000Z");
  });

  test("archiving removes future sessions without attendance and is audited", async () => {
    const id = await newClass();
    await archiveClass(await admin(), id, NOW);
    expect(await sessionStarts(centre, id)).toEqual([]);
    expect((await classById(centreId(), id))?.status).toBe("archived");
    const audit = await db.selectFrom("audit_events").where("target_id", "=", id).select("action").execute();
    expect(audit.map((row) => row.action).sort()).toEqual(["class.archive", "class.create"]);
  });
});

describe("attendance", () => {
  test("a kiosk check-in after the tutor's mark neither duplicates nor moves the check-in time", async () => {
    const student = await addPerson(centre, "student", { name: "Kiosk student" });
    const id = await newClass();
    await addMember(await admin(), id, student.id);
    const session = (await tutorToday(centreId(), centre.people.tutor.id, NOW)).find((row) => row.classId === id);
    expect(session).toBeDefined();
    const tutor = await actorFor(centre.people.tutor);

    await recordAttendance(tutor, session!.id, student.id, "present", "tutor", NOW);
    const later = new Date(NOW.getTime() + 600_000);
    await recordAttendance(
      { kioskId: kiosk.id, centreId: centreId(), request: KIOSK_REQUEST },
      session!.id,
      student.id,
      "present",
      "kiosk",
      later,
    );
    let rows = await attendanceRows(session!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "present", method: "tutor", recorded_by: tutor.userId });
    expect(rows[0]?.checked_in_at?.toISOString()).toBe(NOW.toISOString());

    await takeAttendance(tutor, session!.id, new Map([[student.id, "absent"]]), later);
    rows = await attendanceRows(session!.id);
    expect(rows[0]).toMatchObject({ status: "absent", checked_in_at: null });
  });

  test("a tutor cannot mark another tutor's session, nor a student outside the class", async () => {
    const student = await addPerson(centre, "student", { name: "Outsider" });
    const id = await newClass();
    const [session] = await db.selectFrom("class_sessions").where("class_id", "=", id).select("id").execute();
    const other = await actorFor(otherTutor);
    await expect(recordAttendance(other, session!.id, student.id, "present", "tutor")).rejects.toMatchObject({
      status: 404,
    });
    await expect(recordAttendance(await admin(), session!.id, student.id, "present", "tutor")).rejects.toMatchObject({
      status: 404,
    });
    expect(await tutorTeaches(centreId(), otherTutor.id, id)).toBe(false);
    expect(await tutorTeaches(centreId(), centre.people.tutor.id, id)).toBe(true);
  });

  test("today's counts, the tutor's classes, and a student's attendance history", async () => {
    const [a, b, c] = await Promise.all(
      ["A", "B", "C"].map((name) => addPerson(centre, "student", { name: `Counted ${name}` })),
    );
    const id = await createClass(await admin(), classInput(courseId, otherTutor.id, { name: "Counted class" }), NOW);
    for (const student of [a, b, c]) await addMember(await admin(), id, student!.id);
    const [today] = await tutorToday(centreId(), otherTutor.id, NOW);
    expect(today?.className).toBe("Counted class");
    await takeAttendance(
      await admin(),
      today!.id,
      new Map([
        [a!.id, "present"],
        [b!.id, "late"],
      ]),
      NOW,
    );
    const [counted] = await tutorToday(centreId(), otherTutor.id, NOW);
    expect(counted).toMatchObject({ present: 1, late: 1, absent: 0, unrecorded: 1, room: "Room 1" });
    expect((await sessionsToday(centreId(), NOW)).some((row) => row.id === today!.id)).toBe(true);
    expect((await classesForTutor(centreId(), otherTutor.id)).map((row) => row.name)).toEqual(["Counted class"]);
    expect((await studentsOfClass(centreId(), id)).map((row) => row.name)).toEqual([
      "Counted A",
      "Counted B",
      "Counted C",
    ]);

    const history = await attendanceForStudent(centreId(), b!.id, {
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-20T00:00:00Z"),
    });
    expect(history.map((row) => [row.className, row.status])).toEqual([
      ["Counted class", "late"],
      ["Counted class", null],
    ]);
  });

  test("a class with attendance cannot be deleted; one without can, and the deletion is audited", async () => {
    const student = await addPerson(centre, "student", { name: "Deleted-class student" });
    const kept = await newClass();
    await addMember(await admin(), kept, student.id);
    const [session] = await db.selectFrom("class_sessions").where("class_id", "=", kept).select("id").execute();
    await recordAttendance(await admin(), session!.id, student.id, "late", "tutor");
    await expect(deleteClass(await admin(), kept)).rejects.toMatchObject({ status: 409 });

    const gone = await newClass();
    await deleteClass(await admin(), gone);
    expect(await classById(centreId(), gone)).toBeUndefined();
    const audit = await db
      .selectFrom("audit_events")
      .where("target_id", "=", gone)
      .where("action", "=", "class.delete")
      .select("before")
      .executeTakeFirst();
    expect(audit?.before).toMatchObject({ name: "Year 7 Maths" });
  });
});
