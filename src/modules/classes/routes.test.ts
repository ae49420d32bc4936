import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  createCentre,
  createCourse,
  type Person,
  scheduledClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { isoWeekday, localDate } from "../../platform/calendar";
import { announceCentreChange } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";

const app = createApp();
let centre: Centre;
let courseId: string;
let otherTutor: Person;
let students: Person[];
let classId: string;
let sessionId: string;

beforeAll(async () => {
  centre = await createCentre({ label: "class-routes" });
  courseId = await createCourse(centre);
  otherTutor = await addPerson(centre, "tutor", { name: "Other tutor" });
  students = [centre.people.student, await addPerson(centre, "student", { name: "Zed Student" })];
  // A class whose first session is today at 00:30 (planned as at midnight): its register is open
  // whatever day and hour the suite runs, since a register opens on its session's day.
  const today = localDate(new Date(), "UTC");
  classId = await scheduledClass(centre, {
    courseId,
    name: "Early maths",
    weekday: isoWeekday(today),
    startTime: "00:30",
    startsOn: today,
    members: students,
    now: new Date(`${today}T00:00:00Z`),
  });
  const first = await selectFromTenant(db, "class_sessions", trustedCentreId(centre.id))
    .where("class_id", "=", classId)
    .select("id")
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  sessionId = first.id;
});

function marks() {
  return selectFromTenant(db, "attendance", trustedCentreId(centre.id))
    .where("session_id", "=", sessionId)
    .select(["student_id", "status", "method", "checked_in_at"])
    .orderBy("student_id")
    .execute();
}

describe("classes pages", () => {
  test("an admin creates a class through the form; bad input re-renders the form with messages", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const form = await send(app, "GET", "/classes/new", admin);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Maths — Year 7");

    const invalid = await send(app, "POST", "/classes", admin, {
      body: { name: "", courseId, tutorId: centre.people.tutor.id, weekday: "9", startTime: "25:00" },
    });
    expect(invalid.status).toBe(422);
    const text = await invalid.text();
    expect(text).toContain("Enter a name for the class");
    expect(text).toContain("Enter a start time such as 16:00");

    const created = await send(app, "POST", "/classes", admin, {
      body: {
        name: "Thursday science",
        courseId,
        tutorId: otherTutor.id,
        weekday: "4",
        startTime: "17:30",
        durationMinutes: "45",
        room: "Lab",
        startsOn: "2026-01-01",
        endsOn: "",
      },
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/classes\/[0-9a-f-]{36}\?done=created$/);
    const page = await (await send(app, "GET", location, admin)).text();
    expect(page).toContain("Thursday science");
    expect(page).toContain("Thursdays 17:30–18:15");
  });

  test("the list shows a tutor's own classes first, and only theirs when asked", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const all = await (await send(app, "GET", "/classes", tutor)).text();
    expect(all.indexOf("Early maths")).toBeLessThan(all.indexOf("Thursday science"));
    const mine = await (await send(app, "GET", "/classes", tutor, { query: "who=mine" })).text();
    expect(mine).toContain("Early maths");
    expect(mine).not.toContain("Thursday science");
  });

  test("the timetable shows the week's sessions by day", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const session = await selectFromTenant(db, "class_sessions", trustedCentreId(centre.id))
      .where("id", "=", sessionId)
      .select("starts_at")
      .executeTakeFirstOrThrow();
    const week = localDate(session.starts_at, "UTC");
    const html = await (await send(app, "GET", "/timetable", tutor, { query: `week=${week}` })).text();
    expect(html).toContain(`/timetable/sessions/${sessionId}`);
    expect(html).toContain("00:30–01:30");
  });
});

describe("taking attendance", () => {
  test("the class's tutor sees every member with present / late / absent", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const response = await send(app, "GET", `/timetable/sessions/${sessionId}`, tutor);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const student of students) {
      expect(html).toContain(`name="status-${student.id}" value="late"`);
      expect(html).toContain(student.name);
    }
  });

  test("another tutor gets 404 for the session and cannot mark it", async () => {
    const other = await signedInAs(otherTutor);
    expect((await send(app, "GET", `/timetable/sessions/${sessionId}`, other)).status).toBe(404);
    const post = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance`, other, {
      body: { [`status-${students[0]!.id}`]: "present" },
    });
    expect(post.status).toBe(404);
    expect(await marks()).toEqual([]);
  });

  test("the plain form saves every row at once", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const response = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance`, tutor, {
      body: { [`status-${students[0]!.id}`]: "present", [`status-${students[1]!.id}`]: "absent" },
    });
    expect(response.status).toBe(303);
    const saved = await marks();
    expect(saved).toHaveLength(2);
    const byStudent = new Map(saved.map((row) => [row.student_id, row]));
    expect(byStudent.get(students[0]!.id)).toMatchObject({ status: "present", method: "tutor" });
    expect(byStudent.get(students[0]!.id)?.checked_in_at).not.toBeNull();
    expect(byStudent.get(students[1]!.id)).toMatchObject({ status: "absent", checked_in_at: null });
  });

  test("htmx saves one row and answers with that row only", async () => {
    const head = await signedInAs(centre.people.head_tutor);
    const student = students[1]!;
    const response = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance/${student.id}`, head, {
      body: { [`status-${students[0]!.id}`]: "absent", [`status-${student.id}`]: "late" },
      headers: { "hx-request": "true", "hx-target": `tr#attendance-${student.id}` },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.startsWith(`<tr id="attendance-${student.id}"`)).toBe(true);
    expect(html).toContain(`value="late" checked`);
    expect(html.length).toBeLessThan(5_000);
    const byStudent = new Map((await marks()).map((row) => [row.student_id, row.status]));
    expect(byStudent.get(student.id)).toBe("late");
    expect(byStudent.get(students[0]!.id)).toBe("present");
  });

  test("a status that is not present, late or absent is refused with a message", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const response = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance`, tutor, {
      body: { [`status-${students[0]!.id}`]: "asleep" },
    });
    expect(response.status).toBe(422);
  });

  test("the meeting link shows only when the centre runs video sessions; a cancelled session takes no marks", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const before = await (await send(app, "GET", `/timetable/sessions/${sessionId}`, tutor)).text();
    expect(before).not.toContain('name="meetingUrl"');
    await db
      .updateTable("centres")
      .set({ feature_flags: { video_sessions: true } })
      .where("id", "=", centre.id)
      .execute();
    await announceCentreChange(centre.id);
    const saved = await send(app, "POST", `/timetable/sessions/${sessionId}`, tutor, {
      body: { room: "Room 9", meetingUrl: "https://meet.example.test/abc" },
    });
    expect(saved.status).toBe(303);
    const after = await (await send(app, "GET", `/timetable/sessions/${sessionId}`, tutor)).text();
    expect(after).toContain('href="https://meet.example.test/abc"');
    expect(after).toContain("Room 9");
    const unsafe = await send(app, "POST", `/timetable/sessions/${sessionId}`, tutor, {
      body: { room: "", meetingUrl: "javascript:alert(1)" },
    });
    expect(unsafe.status).toBe(422);

    expect((await send(app, "POST", `/timetable/sessions/${sessionId}/cancel`, tutor)).status).toBe(303);
    const refused = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance`, tutor, {
      body: { [`status-${students[0]!.id}`]: "late" },
    });
    expect(refused.status).toBe(409);
    expect((await send(app, "POST", `/timetable/sessions/${sessionId}/restore`, tutor)).status).toBe(303);
  });
});
