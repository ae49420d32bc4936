import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import {
  addStudents,
  type Centre,
  classWith,
  createCentre,
  createCourse,
  signedInAs,
} from "../../../tests/support/fixtures";
import { NAMES_IN_SIX_SCRIPTS, pdfText } from "../../../tests/support/pdf-text";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
const COURSE = "Algebra — Year 9";
let centre: Centre;
let students: { id: string; name: string }[];

const staffReport = (studentId: string) => `/students/${studentId}/progress/report.pdf`;
const childReport = (studentId: string) => `/children/${studentId}/progress/report.pdf`;

async function download(path: string, role: keyof Centre["people"], where = centre) {
  return send(app, "GET", path, await signedInAs(where.people[role]));
}

async function lines(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  return (await pdfText(new Uint8Array(await response.arrayBuffer()))).split("\n").map((line) => line.trim());
}

/** Two marked homework (8/10 and 6/10), one not handed in; three sessions: present, late, absent. */
async function progressOf(where: Centre, studentId: string): Promise<void> {
  const courseId = await createCourse(where, COURSE);
  const classId = await classWith(where, { tutor: where.people.tutor, courseId, members: [{ id: studentId }] });
  await db
    .insertInto("enrolments")
    .values({ centre_id: where.id, course_id: courseId, student_id: studentId })
    .execute();
  const homework = await db
    .insertInto("homework")
    .values(
      ["One", "Two", "Three"].map((title, index) => ({
        centre_id: where.id,
        title: `Homework ${title}`,
        instructions: "",
        kind: "worksheet" as const,
        course_id: courseId,
        class_id: classId,
        set_by: where.people.tutor.id,
        due_at: new Date(Date.now() - (index + 1) * 86_400_000),
      })),
    )
    .returning("id")
    .execute();
  await db
    .insertInto("submissions")
    .values(
      homework.map((row, index) => ({
        centre_id: where.id,
        homework_id: row.id,
        student_id: studentId,
        status: index < 2 ? ("marked" as const) : ("not_started" as const),
        score: ["8", "6"][index] ?? null,
        max_score: sql`10`,
      })),
    )
    .execute();
  const sessions = await db
    .insertInto("class_sessions")
    .values(
      [3, 2, 1].map((daysAgo) => ({
        centre_id: where.id,
        class_id: classId,
        starts_at: new Date(Date.now() - daysAgo * 86_400_000),
        ends_at: new Date(Date.now() - daysAgo * 86_400_000 + 3_600_000),
      })),
    )
    .returning("id")
    .execute();
  await db
    .insertInto("attendance")
    .values(
      sessions.map((session, index) => ({
        centre_id: where.id,
        session_id: session.id,
        student_id: studentId,
        status: (["present", "late", "absent"] as const)[index] ?? "present",
        checked_in_at: null,
        method: "tutor" as const,
        recorded_by: where.people.tutor.id,
      })),
    )
    .execute();
}

beforeAll(async () => {
  centre = await createCentre({ label: "report" });
  students = await addStudents(centre, [...NAMES_IN_SIX_SCRIPTS]);
  await progressOf(centre, centre.people.student.id);
});

describe("student progress report PDF", () => {
  test("the report names the student in any of six scripts", async () => {
    for (const student of students) {
      const text = await lines(await download(staffReport(student.id), "head_tutor"));
      expect(text).toContain(student.name);
      expect(text).toContain("Progress report");
      expect(text).toContain("No attendance has been recorded yet.");
    }
  });

  test("attendance rate, homework completion and average score per course, for the child's parent", async () => {
    const text = (await lines(await download(childReport(centre.people.student.id), "parent"))).join("\n");
    expect(text).toContain(centre.people.student.name);
    expect(text).toContain("Attendance rate: 67%");
    expect(text).toContain("Attended 2 of 3 recorded sessions.");
    expect(text).toContain("Homework completion: 67%");
    expect(text).toContain("Handed in 2 of 3 homework set.");
    expect(text).toContain(COURSE);
    expect(text).toContain("70%");
  });

  test("parents of another family, students and tutors who do not teach the student are refused", async () => {
    const child = centre.people.student.id;
    const stranger = students[0]?.id as string;
    expect((await download(childReport(stranger), "parent")).status).toBe(404);
    expect((await download(staffReport(stranger), "tutor")).status).toBe(404);
    expect((await download(staffReport(child), "tutor")).status).toBe(200);
    expect((await download(staffReport(child), "student")).status).toBe(403);
    expect((await download(childReport(child), "student")).status).toBe(403);
    const other = await createCentre({ label: "report-other" });
    expect((await download(staffReport(child), "centre_owner", other)).status).toBe(404);
    const malformed = await download(staffReport("not-a-uuid"), "head_tutor");
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
  });

  test("the progress page offers the report to parents and staff, not to the student", async () => {
    const child = centre.people.student.id;
    expect(await (await download(`/children/${child}/progress`, "parent")).text()).toContain(childReport(child));
    expect(await (await download(`/students/${child}/progress`, "tutor")).text()).toContain(staffReport(child));
    expect(await (await download("/progress", "student")).text()).not.toContain("report.pdf");
  });

  test("in a Spanish centre the report is in Spanish, percentages as Spanish writes them", async () => {
    const spanish = await createCentre({ label: "informe", locale: "es" });
    await progressOf(spanish, spanish.people.student.id);
    const text = (await lines(await download(childReport(spanish.people.student.id), "parent", spanish))).join("\n");
    expect(text).toContain("Informe de progreso");
    expect(text).toContain(`Tasa de asistencia: ${new Intl.NumberFormat("es", { style: "percent" }).format(2 / 3)}`);
    expect(text).toContain("Asistió a 2 de 3 sesiones registradas.");
    expect(text).toContain("Nota media por curso");
  });
});
