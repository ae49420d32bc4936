import { beforeAll, describe, expect, test } from "bun:test";
import { send, sendConfirmed } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  classWith,
  createCentre,
  createCourse,
  type Person,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";

/** The class form's weekly slots, the terms and holidays page, bulk enrolment and moves, all as plain form posts. */

const app = createApp();
let centre: Centre;
let other: Centre;
let courseId: string;
let students: Person[];

beforeAll(async () => {
  [centre, other] = await Promise.all([
    createCentre({ label: "schedule-routes", timeZone: "Europe/London" }),
    createCentre({ label: "schedule-other" }),
  ]);
  courseId = await createCourse(centre);
  students = [centre.people.student];
  for (const name of ["Ana Student", "Bo Student", "Cy Student"])
    students.push(await addPerson(centre, "student", { name }));
});

const centreId = () => trustedCentreId(centre.id);
const admin = () => signedInAs(centre.people.centre_admin);

function classFields(slots: [string, string, string][], extra: [string, string][] = []): [string, string][] {
  return [
    ["name", "Twice weekly"],
    ["courseId", courseId],
    ["tutorId", centre.people.tutor.id],
    ["room", "Room 2"],
    ["startsOn", "2026-09-07"],
    ["endsOn", "2026-12-18"],
    ...slots.flatMap(([weekday, startTime, durationMinutes]): [string, string][] => [
      ["weekday", weekday],
      ["startTime", startTime],
      ["durationMinutes", durationMinutes],
    ]),
    ...extra,
  ];
}

async function slotsOf(classId: string) {
  return selectFromTenant(db, "class_slots", centreId())
    .where("class_id", "=", classId)
    .select(["weekday", "start_time", "duration_minutes"])
    .orderBy("weekday")
    .execute();
}

async function auditActions(action: string) {
  return db
    .selectFrom("audit_events")
    .where("centre_id", "=", centre.id)
    .where("action", "=", action)
    .select(["target_id", "before", "after"])
    .execute();
}

describe("weekly slots on the class form (no JavaScript)", () => {
  test("'Add another slot' shows the form again with one more row and saves nothing", async () => {
    const response = await send(app, "POST", "/classes", await admin(), {
      body: classFields([["1", "16:00", "60"]], [["intent", "addSlot"]]),
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('id="field-weekday-1"');
    expect(html).not.toContain('id="field-weekday-2"');
    expect(html).toContain('value="Twice weekly"');
    const saved = await selectFromTenant(db, "classes", centreId())
      .where("name", "=", "Twice weekly")
      .selectAll()
      .execute();
    expect(saved).toEqual([]);
  });

  test("two slots are saved; the same slot twice or no slot at all is refused with a message", async () => {
    const twice = await send(app, "POST", "/classes", await admin(), {
      body: classFields([
        ["1", "16:00", "60"],
        ["1", "16:00", "45"],
      ]),
    });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain("This day and time is already a slot of the class");
    const none = await send(app, "POST", "/classes", await admin(), { body: classFields([["", "", "60"]]) });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Give the class at least one weekly slot");

    const created = await send(app, "POST", "/classes", await admin(), {
      body: classFields([
        ["4", "17:00", "60"],
        ["1", "16:00", "60"],
      ]),
    });
    expect(created.status).toBe(303);
    const classId = (created.headers.get("location") ?? "").split("/")[2]?.split("?")[0] as string;
    expect(await slotsOf(classId)).toEqual([
      { weekday: 1, start_time: "16:00:00", duration_minutes: 60 },
      { weekday: 4, start_time: "17:00:00", duration_minutes: 60 },
    ]);
    const page = await (await send(app, "GET", `/classes/${classId}`, await admin())).text();
    expect(page).toContain("Mondays 16:00–17:00 and Thursdays 17:00–18:00");
    const edit = await (await send(app, "GET", `/classes/${classId}/edit`, await admin())).text();
    expect(edit).toContain('id="field-weekday-1"');

    // Clearing a row's day removes that slot; the edit is audited.
    const saved = await send(app, "POST", `/classes/${classId}`, await admin(), {
      body: classFields([
        ["", "16:00", "60"],
        ["4", "17:00", "60"],
      ]),
    });
    expect(saved.status).toBe(303);
    expect(await slotsOf(classId)).toEqual([{ weekday: 4, start_time: "17:00:00", duration_minutes: 60 }]);
    expect((await auditActions("class.update")).map((row) => row.target_id)).toContain(classId);
  });

  test("a class can follow a term of the centre, not another centre's", async () => {
    const term = await send(app, "POST", "/timetable/calendar/term", await admin(), {
      body: { name: "Spring term", startsOn: "2027-01-04", endsOn: "2027-03-26" },
    });
    expect(term.status).toBe(303);
    const row = await selectFromTenant(db, "centre_terms", centreId())
      .where("name", "=", "Spring term")
      .select("id")
      .executeTakeFirstOrThrow();
    const followed = await send(app, "POST", "/classes", await admin(), {
      body: classFields([["2", "16:00", "60"]], [["termId", row.id]]).map(([key, value]): [string, string] =>
        key === "name" ? [key, "Spring class"] : key === "startsOn" ? [key, ""] : [key, value],
      ),
    });
    expect(followed.status).toBe(303);
    const klass = await selectFromTenant(db, "classes", centreId())
      .where("name", "=", "Spring class")
      .select(["term_id", "starts_on", "ends_on"])
      .executeTakeFirstOrThrow();
    expect(klass.term_id).toBe(row.id);

    const otherTerm = await db
      .insertInto("centre_terms")
      .values({ centre_id: other.id, name: "Theirs", starts_on: "2027-01-04", ends_on: "2027-03-26" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const refused = await send(app, "POST", "/classes", await admin(), {
      body: classFields([["2", "16:00", "60"]], [["termId", otherTerm.id]]),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Choose a term of this centre");
  });
});

describe("terms and holidays page", () => {
  test("lists, adds, edits and deletes; bad dates get a message and a 422; changes are audited", async () => {
    const bad = await send(app, "POST", "/timetable/calendar/holiday", await admin(), {
      body: { name: "Half-term", startsOn: "2026-10-30", endsOn: "2026-10-26" },
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The last day cannot come before the first day");
    const wrongKind = await send(app, "POST", "/timetable/calendar/festival", await admin(), {
      body: { name: "x", startsOn: "2026-10-26", endsOn: "2026-10-30" },
    });
    expect(wrongKind.status).toBe(422);

    const added = await send(app, "POST", "/timetable/calendar/holiday", await admin(), {
      body: { name: "Half-term", startsOn: "2026-10-26", endsOn: "2026-10-30" },
    });
    expect(added.status).toBe(303);
    const list = await (await send(app, "GET", "/timetable/calendar", await admin())).text();
    expect(list).toContain("Half-term (26 Oct 2026 – 30 Oct 2026)");
    const holiday = await selectFromTenant(db, "centre_holidays", centreId()).select("id").executeTakeFirstOrThrow();
    const edit = await send(app, "GET", `/timetable/calendar/holiday/${holiday.id}`, await admin());
    expect(edit.status).toBe(200);
    const saved = await send(app, "POST", `/timetable/calendar/holiday/${holiday.id}`, await admin(), {
      body: { name: "Half term", startsOn: "2026-10-26", endsOn: "2026-10-30" },
    });
    expect(saved.status).toBe(303);
    const deleted = await sendConfirmed(app, `/timetable/calendar/holiday/${holiday.id}/delete`, await admin());
    expect(deleted.status).toBe(303);
    expect(await selectFromTenant(db, "centre_holidays", centreId()).selectAll().execute()).toEqual([]);
    const audit = (await auditActions("class.holiday_change")).filter((row) => row.target_id === holiday.id);
    expect(audit).toHaveLength(3);

    const tutor = await signedInAs(centre.people.tutor);
    expect((await send(app, "GET", "/timetable/calendar", tutor)).status).toBe(403);
  });
});

describe("enrolling many students at once and moving one (no JavaScript)", () => {
  let classA: string;
  let classB: string;

  beforeAll(async () => {
    classA = await classWith(centre, { tutor: centre.people.tutor, name: "Class A" });
    classB = await classWith(centre, { tutor: centre.people.tutor, name: "Class B" });
  });

  test("the class page offers a checkbox per student; one post enrols every ticked student", async () => {
    const page = await (await send(app, "GET", `/classes/${classA}`, await admin())).text();
    for (const student of students) expect(page).toContain(`name="studentIds" value="${student.id}"`);
    const none = await send(app, "POST", `/classes/${classA}/members`, await admin(), { body: [] });
    expect(none.status).toBe(422);
    const response = await send(app, "POST", `/classes/${classA}/members`, await admin(), {
      body: students.slice(0, 3).map((student): [string, string] => ["studentIds", student.id]),
    });
    expect(response.status).toBe(303);
    const members = await selectFromTenant(db, "class_members", centreId())
      .where("class_id", "=", classA)
      .select("student_id")
      .execute();
    expect(members.map((row) => row.student_id).sort()).toEqual(
      students
        .slice(0, 3)
        .map((s) => s.id)
        .sort(),
    );
    const audited = (await auditActions("class.member_add")).filter(
      (row) => (row.after as { classId?: string }).classId === classA,
    );
    expect(audited).toHaveLength(3);

    // Ticking someone already in the class, and a student of another centre, is refused as a whole.
    const stranger = await send(app, "POST", `/classes/${classA}/members`, await admin(), {
      body: [
        ["studentIds", students[3]!.id],
        ["studentIds", other.people.student.id],
      ],
    });
    expect(stranger.status).toBe(422);
    const still = await selectFromTenant(db, "class_members", centreId())
      .where("class_id", "=", classA)
      .selectAll()
      .execute();
    expect(still).toHaveLength(3);
  });

  test("moving a student closes their stay in one class, opens one in the other, and keeps their attendance", async () => {
    const student = students[0]!;
    const session = await db
      .insertInto("class_sessions")
      .values({
        centre_id: centre.id,
        class_id: classA,
        starts_at: new Date("2026-09-08T15:00:00Z"),
        ends_at: new Date("2026-09-08T16:00:00Z"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("attendance")
      .values({
        centre_id: centre.id,
        session_id: session.id,
        student_id: student.id,
        status: "present",
        method: "tutor",
      })
      .execute();

    const same = await send(app, "POST", `/classes/${classA}/members/${student.id}/move`, await admin(), {
      body: { toClassId: classA },
    });
    expect(same.status).toBe(422);
    const otherClass = await classWith(other, { tutor: other.people.tutor });
    const foreign = await send(app, "POST", `/classes/${classA}/members/${student.id}/move`, await admin(), {
      body: { toClassId: otherClass },
    });
    expect(foreign.status).toBe(422);

    const moved = await send(app, "POST", `/classes/${classA}/members/${student.id}/move`, await admin(), {
      body: { toClassId: classB },
    });
    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toBe(`/classes/${classB}?done=moved`);

    const now = await selectFromTenant(db, "class_members", centreId())
      .where("student_id", "=", student.id)
      .where("class_id", "in", [classA, classB])
      .select("class_id")
      .execute();
    expect(now.map((row) => row.class_id)).toEqual([classB]);
    const stays = await selectFromTenant(db, "class_memberships", centreId())
      .where("student_id", "=", student.id)
      .where("class_id", "in", [classA, classB])
      .select(["class_id", "joined_at", "left_at"])
      .orderBy("joined_at")
      .execute();
    expect(stays.map((row) => [row.class_id, row.left_at === null])).toEqual([
      [classA, false],
      [classB, true],
    ]);
    expect(stays[0]!.left_at!.getTime()).toBe(stays[1]!.joined_at.getTime());
    // The student's page shows both stays, the current one still open.
    const personPage = await (await send(app, "GET", `/people/${student.id}`, await admin())).text();
    const history = personPage.slice(personPage.indexOf('id="class-history-heading"'));
    expect(history).toContain(">Class A</a>");
    expect(history).toContain(">Class B</a>");
    expect(history.match(/Still in the class/g)).toHaveLength(1);
    const attendance = await selectFromTenant(db, "attendance", centreId())
      .where("session_id", "=", session.id)
      .select(["student_id", "status"])
      .execute();
    expect(attendance).toEqual([{ student_id: student.id, status: "present" }]);
    const audit = (await auditActions("class.member_move")).filter((row) => row.target_id === student.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ classId: classA });
    expect(audit[0]!.after).toMatchObject({ classId: classB });

    // Removing keeps the stay too, closed.
    expect((await sendConfirmed(app, `/classes/${classB}/members/${student.id}/remove`, await admin())).status).toBe(
      303,
    );
    const closed = await selectFromTenant(db, "class_memberships", centreId())
      .where("student_id", "=", student.id)
      .where("class_id", "=", classB)
      .select("left_at")
      .executeTakeFirstOrThrow();
    expect(closed.left_at).not.toBeNull();
  });
});
