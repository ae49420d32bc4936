import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
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
import { localDateTime } from "../../platform/calendar";
import { db } from "../../platform/db";

/** Homework to one student outside any class (1:1 tutoring), issue 14. */

const app = createApp();
let centre: Centre;
let lessonId: string;
let exerciseId: string;
let otherLessonId: string;
/** Tutored one-to-one, in no class, enrolled on the course. */
let solo: Person;
/** In the tutor's class. */
let classmate: Person;

const inTwoDays = () => localDateTime(new Date(Date.now() + 2 * 86_400_000), "UTC");

async function lessonWithExercise(courseId: string, title: string) {
  const lesson = await db
    .insertInto("lessons")
    .values({ centre_id: centre.id, course_id: courseId, title, position: 1, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const exercise = await db
    .insertInto("exercises")
    .values({
      centre_id: centre.id,
      lesson_id: lesson.id,
      kind: "numeric",
      prompt: "What is 7 × 6?",
      config: { answer: 42, tolerance: 0 },
      points: 1,
      position: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { lessonId: lesson.id, exerciseId: exercise.id };
}

beforeAll(async () => {
  centre = await createCentre({ label: "one-to-one" });
  const courseId = await createCourse(centre, "Times tables");
  ({ lessonId, exerciseId } = await lessonWithExercise(courseId, "Sixes and sevens"));
  otherLessonId = (await lessonWithExercise(await createCourse(centre, "Other course"), "Elsewhere")).lessonId;
  solo = await addPerson(centre, "student", { name: "Solo Student" });
  classmate = await addPerson(centre, "student", { name: "Class Student" });
  await db
    .insertInto("enrolments")
    .values([solo, classmate].map((student) => ({ centre_id: centre.id, course_id: courseId, student_id: student.id })))
    .execute();
  await classWith(centre, { tutor: centre.people.tutor, members: [classmate, centre.people.student], courseId });
});

function assign(who: Person, fields: Record<string, string>) {
  return signedInAs(who).then((credentials) =>
    send(app, "POST", "/homework", credentials, {
      body: { title: "1:1 tables", kind: "exercises", dueAt: inTwoDays(), exerciseIds: exerciseId, ...fields },
    }),
  );
}

async function submissionsOf(homeworkId: string) {
  const rows = await db.selectFrom("submissions").where("homework_id", "=", homeworkId).select("student_id").execute();
  return rows.map((row) => row.student_id);
}

async function assignedEvent(homeworkId: string) {
  const events = await db
    .selectFrom("outbox_events")
    .where("centre_id", "=", centre.id)
    .where("type", "=", "homework.assigned")
    .select("payload")
    .execute();
  return events
    .map((row) => row.payload as { homeworkId: string; classId: string | null; studentIds: string[] })
    .find((payload) => payload.homeworkId === homeworkId);
}

describe("homework to a single student outside any class", () => {
  test("the assign form offers the student and, once chosen, lessons of their courses", async () => {
    const head = await signedInAs(centre.people.head_tutor);
    const first = await (await send(app, "GET", "/homework/new", head)).text();
    expect(first).toContain('name="soloStudentId"');
    expect(first).toContain("Solo Student");
    const chosen = await (await send(app, "GET", "/homework/new", head, { query: `soloStudentId=${solo.id}` })).text();
    expect(chosen).toContain("Sixes and sevens");
    expect(chosen).not.toContain("Elsewhere");
    expect(chosen).toContain(`name="soloStudentId" value="${solo.id}"`);
  });

  test("a head tutor sets it: only that student gets a submission and is told, with no class", async () => {
    const response = await assign(centre.people.head_tutor, { classId: "", soloStudentId: solo.id, lessonId });
    expect(response.status).toBe(303);
    const homeworkId = (response.headers.get("location") ?? "").replace("/homework/", "");
    expect(await submissionsOf(homeworkId)).toEqual([solo.id]);
    const homework = await db.selectFrom("homework").where("id", "=", homeworkId).selectAll().executeTakeFirstOrThrow();
    expect(homework.class_id).toBeNull();
    expect(await assignedEvent(homeworkId)).toMatchObject({ classId: null, studentIds: [solo.id] });

    const own = await (await send(app, "GET", "/my-homework", await signedInAs(solo))).text();
    expect(own).toContain("1:1 tables");
    const other = await (await send(app, "GET", "/my-homework", await signedInAs(classmate))).text();
    expect(other).not.toContain("1:1 tables");
  });

  test("a tutor may set it only to a student they teach", async () => {
    const refused = await assign(centre.people.tutor, { classId: "", soloStudentId: solo.id, lessonId });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Choose one of your students");

    const allowed = await assign(centre.people.tutor, { classId: "", soloStudentId: classmate.id, lessonId });
    expect(allowed.status).toBe(303);
    const homeworkId = (allowed.headers.get("location") ?? "").replace("/homework/", "");
    expect(await submissionsOf(homeworkId)).toEqual([classmate.id]);
    // The tutor who set it finds it in their list, though it belongs to no class.
    const list = await (await send(app, "GET", "/homework", await signedInAs(centre.people.tutor))).text();
    expect(list).toContain(`/homework/${homeworkId}`);
  });

  test("no class and no student, or a lesson of a course the student does not take, is refused with a message", async () => {
    const neither = await assign(centre.people.head_tutor, { classId: "", soloStudentId: "", lessonId });
    expect(neither.status).toBe(422);
    expect(await neither.text()).toContain("Choose a class, or one student for 1:1 work");
    const wrongLesson = await assign(centre.people.head_tutor, {
      classId: "",
      soloStudentId: solo.id,
      lessonId: otherLessonId,
    });
    expect(wrongLesson.status).toBe(422);
  });

  test("a class's homework publishes homework.assigned for its students too", async () => {
    const klass = await db
      .selectFrom("classes")
      .where("centre_id", "=", centre.id)
      .select("id")
      .executeTakeFirstOrThrow();
    const response = await assign(centre.people.tutor, { classId: klass.id, lessonId });
    expect(response.status).toBe(303);
    const homeworkId = (response.headers.get("location") ?? "").replace("/homework/", "");
    const event = await assignedEvent(homeworkId);
    expect(event?.classId).toBe(klass.id);
    expect([...(event?.studentIds ?? [])].sort()).toEqual([classmate.id, centre.people.student.id].sort());
  });
});
