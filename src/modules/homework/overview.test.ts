import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { type Centre, createCentre, createCourse, pastWork } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import {
  dueHomeworkForStudent,
  homeworkCompletion,
  homeworkForStudent,
  homeworkOverview,
  recentMarksForStudent,
} from "./summary";

/**
 * homeworkOverview answers in one statement what the dashboards asked in four (page-reads,
 * docs/performance.md): the same lists in the same order, the same completion per course.
 */
let centre: Centre;
const DAY = 86_400_000;
const now = new Date();

beforeAll(async () => {
  centre = await createCentre({ label: "overview" });
  const student = centre.people.student;
  const [maths, french] = [await createCourse(centre, "Maths"), await createCourse(centre, "French")];
  // Work to do, handed in and marked, over two courses, with equal due times to test the tie-break.
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  for (const [days, status, courseId] of [
    [3, "not_started", maths],
    [1, "not_started", french],
    [1, "not_started", maths],
    [-2, "not_started", maths],
    [-5, "submitted", french],
    [-9, "submitted", maths],
    [-9, "marked", maths],
    [-12, "marked", french],
    [-20, "marked", maths],
    [-30, "marked", maths],
  ] as const) {
    await pastWork(centre, { student, courseId, dueAt: at(days), status, score: 7 });
  }
  // One returned (to do again) and one in progress, as the homework service leaves them.
  const returned = await pastWork(centre, { student, courseId: maths, dueAt: at(-1), status: "marked", score: 2 });
  await sql`update submissions set status = 'returned', feedback = 'Again, please' where homework_id = ${returned}`.execute(
    db,
  );
  const started = await pastWork(centre, { student, courseId: french, dueAt: at(2), status: "not_started" });
  await sql`update submissions set status = 'in_progress' where homework_id = ${started}`.execute(db);
  // Withdrawn homework shows nowhere.
  const withdrawn = await pastWork(centre, { student, courseId: maths, dueAt: at(4), status: "not_started" });
  await sql`update homework set status = 'withdrawn' where id = ${withdrawn}`.execute(db);
  // Another student's work is not theirs.
  await pastWork(centre, { student: centre.youngStudent, courseId: maths, dueAt: at(1), status: "not_started" });
});

describe("a student's homework overview", () => {
  test("the lists and completion are what the separate reads answer", async () => {
    const id = centre.people.student.id;
    const overview = await homeworkOverview(centre.id, id, { due: 20, latest: 5, marks: 3 }, now);
    expect(overview.due).toEqual(await dueHomeworkForStudent(centre.id, id, now));
    expect(overview.due.length).toBe(6);
    expect(overview.latest).toEqual((await homeworkForStudent(centre.id, id)).slice(0, 5));
    expect(overview.recentMarks).toEqual(await recentMarksForStudent(centre.id, id, 3));
    const completion = await homeworkCompletion(centre.id, id);
    expect(overview.completion).toEqual(completion);
    expect(completion).toMatchObject({ assigned: 12, handedIn: 6 });
  });

  test("a whole list, and the handed-in end of the student's list, in the same order", async () => {
    const id = centre.people.student.id;
    const overview = await homeworkOverview(centre.id, id, { due: 0, latest: 25, marks: 25 }, now);
    expect(overview.due).toEqual([]);
    expect(overview.latest).toEqual(await homeworkForStudent(centre.id, id));
    expect(overview.recentMarks).toEqual(await recentMarksForStudent(centre.id, id, 25));
  });

  test("is one statement", async () => {
    const statements = await statementsDuring(() =>
      homeworkOverview(centre.id, centre.people.student.id, { due: 20, latest: 5, marks: 5 }, now),
    );
    expect(statements).toHaveLength(1);
  });
});
