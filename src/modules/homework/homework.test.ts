import { beforeAll, describe, expect, test } from "bun:test";
import { send, sendConfirmed } from "../../../tests/security/walk";
import {
  actorFor,
  addPerson,
  type Centre,
  type Credentials,
  createCentre,
  type Person,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { localDateTime } from "../../platform/calendar";
import { db } from "../../platform/db";
import type { ExerciseKind, Role } from "../../platform/db/schema";
import { trustedCentreId } from "../../platform/tenancy";
import { saveAnswer, submitHomework } from "./service";
import {
  dueHomeworkForStudent,
  homeworkCompletion,
  homeworkForStudent,
  markingQueueCount,
  overdueHomeworkCount,
  recentMarksForStudent,
} from "./summary";

const app = createApp();
let centre: Centre;
let classId: string;
let lessonId: string;
const exercise: Record<string, string> = {};
let otherStudent: Person;
let otherTutor: Person;
const who: Partial<Record<Role | "other" | "otherTutor", Credentials>> = {};

async function insertExercise(kind: ExerciseKind, config: Record<string, unknown>, points: number, position: number) {
  const row = await db
    .insertInto("exercises")
    .values({ centre_id: centre.id, lesson_id: lessonId, kind, prompt: `A ${kind} question`, config, points, position })
    .returning("id")
    .executeTakeFirstOrThrow();
  exercise[kind] = row.id;
}

const inTwoDays = () => localDateTime(new Date(Date.now() + 2 * 86_400_000), "UTC");

async function assign(body: Record<string, string>, exerciseIds: string[]): Promise<string> {
  const form = new URLSearchParams({ classId, lessonId, kind: "exercises", dueAt: inTwoDays(), ...body });
  for (const id of exerciseIds) form.append("exerciseIds", id);
  const response = await app.handle(
    new Request("http://localhost/homework", {
      method: "POST",
      headers: {
        cookie: who.tutor!.cookie,
        origin: "http://localhost",
        "content-type": "application/x-www-form-urlencoded",
        "x-csrf-token": who.tutor!.csrfToken,
      },
      body: form.toString(),
    }),
  );
  expect(response.status).toBe(303);
  return (response.headers.get("location") ?? "").replace("/homework/", "");
}

function submissionOf(homeworkId: string, studentId: string) {
  return db
    .selectFrom("submissions")
    .where("homework_id", "=", homeworkId)
    .where("student_id", "=", studentId)
    .selectAll()
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  centre = await createCentre({ label: "homework" });
  const course = await db
    .insertInto("courses")
    .values({ centre_id: centre.id, title: "Maths", status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const lesson = await db
    .insertInto("lessons")
    .values({ centre_id: centre.id, course_id: course.id, title: "Fractions", position: 1, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  lessonId = lesson.id;
  await insertExercise("multiple_choice", { choices: ["a half", "a third"], correct: 1 }, 2, 1);
  await insertExercise("numeric", { answer: 3.5, tolerance: 0.1 }, 1, 2);
  await insertExercise("free_response", {}, 3, 3);
  await insertExercise("worksheet", { pages: 2 }, 4, 4);
  const klass = await db
    .insertInto("classes")
    .values({
      centre_id: centre.id,
      course_id: course.id,
      tutor_id: centre.people.tutor.id,
      name: "Year 7 maths",
      starts_on: "2026-01-01",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  classId = klass.id;
  otherStudent = await addPerson(centre, "student", { name: "Second student" });
  otherTutor = await addPerson(centre, "tutor", { name: "Another tutor" });
  await db
    .insertInto("class_members")
    .values([
      { centre_id: centre.id, class_id: classId, student_id: centre.people.student.id },
      { centre_id: centre.id, class_id: classId, student_id: otherStudent.id },
    ])
    .execute();
  for (const role of ["tutor", "head_tutor", "student"] as const) who[role] = await signedInAs(centre.people[role]);
  who.other = await signedInAs(otherStudent);
  who.otherTutor = await signedInAs(otherTutor);
});

describe("a whole homework journey through the routes", () => {
  let homeworkId: string;
  let submissionId: string;

  test("the assignment form offers the lesson's exercises of the chosen kind", async () => {
    const response = await send(app, "GET", "/homework/new", who.tutor!, {
      query: `classId=${classId}&lessonId=${lessonId}`,
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(exercise.multiple_choice!);
    expect(html).not.toContain(exercise.worksheet!);
  });

  test("setting homework to a class creates one not-started submission per student", async () => {
    homeworkId = await assign({ title: "Fractions practice" }, [exercise.multiple_choice!, exercise.free_response!]);
    const rows = await db.selectFrom("submissions").where("homework_id", "=", homeworkId).selectAll().execute();
    expect(rows.map((row) => [row.status, Number(row.max_score)])).toEqual([
      ["not_started", 5],
      ["not_started", 5],
    ]);
    submissionId = (await submissionOf(homeworkId, centre.people.student.id)).id;
  });

  test("a bad due date re-renders the form with a message", async () => {
    const response = await send(app, "POST", "/homework", who.tutor!, {
      body: {
        title: "x",
        classId,
        lessonId,
        kind: "exercises",
        dueAt: "2020-01-01T10:00",
        exerciseIds: exercise.numeric!,
      },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Choose a time still to come");
  });

  test("the student's list shows it, and one question is one fragment", async () => {
    expect(await (await send(app, "GET", "/my-homework", who.student!)).text()).toContain("Fractions practice");
    const page = await send(app, "GET", `/homework/${homeworkId}/questions/1`, who.student!);
    expect(await page.text()).toContain("Question 1 of 2");
    const fragment = await send(app, "GET", `/homework/${homeworkId}/questions/2`, who.student!, {
      headers: { "hx-request": "true" },
    });
    const html = await fragment.text();
    expect(html).toContain("Question 2 of 2");
    expect(html).not.toContain("<html");
  });

  test("answers save as the student goes, and the first one starts the work", async () => {
    const saved = await send(app, "POST", `/homework/${homeworkId}/questions/1`, who.student!, {
      body: { response: "0" },
      headers: { "hx-request": "true" },
    });
    expect(await saved.text()).toBe("Saved");
    expect((await submissionOf(homeworkId, centre.people.student.id)).status).toBe("in_progress");
  });

  test("without JavaScript, Next saves and moves on; the last question leads to the hand-in step", async () => {
    const next = await send(app, "POST", `/homework/${homeworkId}/questions/1`, who.student!, {
      body: { response: "0", go: "next" },
    });
    expect(next.headers.get("location")).toBe(`/homework/${homeworkId}/questions/2`);
    const review = await send(app, "POST", `/homework/${homeworkId}/questions/2`, who.student!, {
      body: { response: "Because a third is smaller.", go: "review" },
    });
    expect(review.headers.get("location")).toBe(`/homework/${homeworkId}/submit`);
  });

  test("the hand-in step lists unanswered questions; handing in auto-marks and queues the rest", async () => {
    const confirm = await send(app, "GET", `/homework/${homeworkId}/submit`, who.other!);
    expect(await confirm.text()).toContain("Not answered yet");
    const submitted = await send(app, "POST", `/homework/${homeworkId}/submit`, who.student!);
    expect(submitted.status).toBe(303);
    const row = await submissionOf(homeworkId, centre.people.student.id);
    expect([row.status, Number(row.auto_score), row.submitted_at !== null]).toEqual(["submitted", 0, true]);
    const mc = await db
      .selectFrom("answers")
      .where("submission_id", "=", submissionId)
      .where("exercise_id", "=", exercise.multiple_choice!)
      .select(["is_correct", "auto_points"])
      .executeTakeFirstOrThrow();
    expect([mc.is_correct, Number(mc.auto_points)]).toEqual([false, 0]);
    expect(await markingQueueCount(trustedCentreId(centre.id), centre.people.tutor.id)).toBe(1);
  });

  test("a handed-in answer cannot be changed", async () => {
    const response = await send(app, "POST", `/homework/${homeworkId}/questions/1`, who.student!, {
      body: { response: "1" },
    });
    expect(response.status).toBe(409);
  });

  test("another tutor cannot see or mark it; a student cannot reach another's work", async () => {
    expect((await send(app, "GET", `/submissions/${submissionId}`, who.otherTutor!)).status).toBe(404);
    const mark = await send(app, "POST", `/submissions/${submissionId}/mark`, who.otherTutor!, {
      body: { [`points-${exercise.free_response}`]: "3" },
    });
    expect(mark.status).toBe(404);
    expect((await send(app, "GET", "/marking", who.otherTutor!)).status).toBe(200);
    const solo = await assign({ title: "Only for the second student", studentId: otherStudent.id }, [
      exercise.numeric!,
    ]);
    expect((await send(app, "GET", `/my-homework/${solo}`, who.student!)).status).toBe(404);
    expect((await send(app, "GET", `/homework/${solo}/questions/1`, who.student!)).status).toBe(404);
  });

  test("the tutor marks the free response from the queue", async () => {
    const queue = await send(app, "GET", "/marking", who.tutor!);
    expect(await queue.text()).toContain(`/submissions/${submissionId}`);
    const screen = await (await send(app, "GET", `/submissions/${submissionId}`, who.tutor!)).text();
    expect(screen).toContain(`points-${exercise.free_response}`);
    expect(screen).toContain('accesskey="m"');
    const tooMany = await send(app, "POST", `/submissions/${submissionId}/mark`, who.tutor!, {
      body: { [`points-${exercise.free_response}`]: "9" },
    });
    expect(tooMany.status).toBe(422);
    const marked = await send(app, "POST", `/submissions/${submissionId}/mark`, who.tutor!, {
      body: { [`points-${exercise.free_response}`]: "2.5", feedback: "Good reasoning." },
    });
    expect(marked.status).toBe(303);
    const row = await submissionOf(homeworkId, centre.people.student.id);
    expect([row.status, Number(row.score), row.marker_id]).toEqual(["marked", 2.5, centre.people.tutor.id]);
  });

  test("the student sees the mark and the feedback", async () => {
    const html = await (await send(app, "GET", `/my-homework/${homeworkId}`, who.student!)).text();
    expect(html).toContain("2.5 / 5");
    expect(html).toContain("Good reasoning.");
    const [latest] = await recentMarksForStudent(trustedCentreId(centre.id), centre.people.student.id, 1);
    expect(latest?.score).toBe(2.5);
  });

  test("a head tutor moderates the mark, and the change is audited", async () => {
    const tutorTry = await send(app, "POST", `/submissions/${submissionId}/moderate`, who.tutor!, {
      body: { score: "5" },
    });
    expect(tutorTry.status).toBe(403);
    const response = await send(app, "POST", `/submissions/${submissionId}/moderate`, who.head_tutor!, {
      body: { score: "3", feedback: "Moderated: good reasoning." },
    });
    expect(response.status).toBe(303);
    const row = await submissionOf(homeworkId, centre.people.student.id);
    expect([Number(row.score), row.moderated_by]).toEqual([3, centre.people.head_tutor.id]);
    const audit = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", centre.id)
      .where("action", "=", "submission.moderate")
      .select(["target_id", "after"])
      .executeTakeFirstOrThrow();
    expect(audit.target_id).toBe(row.id);
  });

  test("returned work can be reopened, answered and handed in again", async () => {
    const other = await actorFor(otherStudent);
    await saveAnswer(other, homeworkId, exercise.free_response!, "First try");
    await submitHomework(other, homeworkId);
    const id = (await submissionOf(homeworkId, otherStudent.id)).id;
    const returned = await send(app, "POST", `/submissions/${id}/return`, who.tutor!, {
      body: { feedback: "Explain more." },
    });
    expect(returned.status).toBe(303);
    expect((await submissionOf(homeworkId, otherStudent.id)).status).toBe("returned");
    expect(await (await send(app, "GET", `/my-homework/${homeworkId}`, who.other!)).text()).toContain("Explain more.");
    await saveAnswer(other, homeworkId, exercise.free_response!, "Second, longer try");
    expect((await submissionOf(homeworkId, otherStudent.id)).status).toBe("in_progress");
    await submitHomework(other, homeworkId);
    expect((await submissionOf(homeworkId, otherStudent.id)).status).toBe("submitted");
  });
});

describe("auto-marked homework and the dashboard figures", () => {
  test("homework with only auto-marked exercises is marked as soon as it is handed in", async () => {
    const homeworkId = await assign({ title: "Quick quiz" }, [exercise.multiple_choice!, exercise.numeric!]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.multiple_choice!, "1");
    await saveAnswer(student, homeworkId, exercise.numeric!, "3,45");
    expect(await submitHomework(student, homeworkId)).toBe("marked");
    const row = await submissionOf(homeworkId, centre.people.student.id);
    expect([row.status, Number(row.score), Number(row.auto_score)]).toEqual(["marked", 3, 3]);
  });

  test("due, overdue and completion figures", async () => {
    const centreId = trustedCentreId(centre.id);
    const due = await dueHomeworkForStudent(centreId, otherStudent.id);
    expect(due.map((item) => item.title)).toContain("Only for the second student");
    expect(due.every((item) => !item.late)).toBe(true);
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect((await dueHomeworkForStudent(centreId, otherStudent.id, later)).every((item) => item.late)).toBe(true);
    expect(await overdueHomeworkCount(centreId)).toBe(0);
    expect(await overdueHomeworkCount(centreId, later)).toBeGreaterThan(0);
    const completion = await homeworkCompletion(centreId, centre.people.student.id);
    expect([completion.assigned, completion.handedIn]).toEqual([2, 2]);
    const listed = await homeworkForStudent(centreId, centre.people.student.id);
    expect(listed.map((item) => item.status).sort()).toEqual(["marked", "marked"]);
  });

  test("withdrawn homework disappears for students", async () => {
    const homeworkId = await assign({ title: "Soon withdrawn" }, [exercise.numeric!]);
    expect((await sendConfirmed(app, `/homework/${homeworkId}/withdraw`, who.tutor!)).status).toBe(303);
    expect((await send(app, "GET", `/my-homework/${homeworkId}`, who.student!)).status).toBe(404);
    const list = await (await send(app, "GET", "/homework", who.tutor!)).text();
    expect(list).toContain("withdrawn");
  });
});
