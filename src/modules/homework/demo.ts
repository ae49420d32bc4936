import type { Kysely } from "kysely";
import { actorInCentre } from "../../platform/centre-context";
import type { Database } from "../../platform/db/schema";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";
import { classesForTutor, studentsOfClass } from "../classes";
import { type ExerciseRow, exercisesForLessons, publishedLessonsForCourse } from "../courses";
import { gradeSubmission } from "./grading";
import { assignHomework, saveAnswer, submitHomework } from "./service";

const DEMO_TITLE = "Fractions practice";
const DAY = 86_400_000;

function demoActor(centreId: CentreId, user: { id: string; name: string }, role: Actor["role"]): Promise<Actor> {
  const request = { ip: "127.0.0.1", userAgent: "seed", requestId: "demo-seed" };
  return actorInCentre({ userId: user.id, role, name: user.name }, centreId, request);
}

/** A right answer for every auto-marked kind, and a plausible written one. */
function demoResponse(exercise: ExerciseRow): string {
  const config = exercise.config;
  if (exercise.kind === "multiple_choice") return String(config.correct ?? 0);
  if (exercise.kind === "numeric") return String(config.answer ?? 0);
  if (exercise.kind === "short_answer") return Array.isArray(config.accepted) ? String(config.accepted[0]) : "";
  return "Two quarters fill the same space as one half, so they are the same amount.";
}

/** Every third student has handed in (half of those already marked), the next has started, the rest not. */
async function demoWork(
  db: Kysely<Database>,
  centreId: CentreId,
  tutor: Actor,
  homeworkId: string,
  exercises: ExerciseRow[],
  students: { id: string; name: string }[],
) {
  for (const [index, student] of students.entries()) {
    const actor = await demoActor(centreId, student, "student");
    if (index % 3 === 2) continue;
    const answering = index % 3 === 0 ? exercises : exercises.slice(0, 1);
    for (const exercise of answering) await saveAnswer(actor, homeworkId, exercise.id, demoResponse(exercise));
    if (index % 3 === 1) continue;
    await submitHomework(actor, homeworkId);
    if (index % 6 !== 0) continue;
    const submission = await selectFromTenant(db, "submissions", centreId)
      .where("homework_id", "=", homeworkId)
      .where("student_id", "=", student.id)
      .select("id")
      .executeTakeFirstOrThrow();
    const answers = Object.fromEntries(
      exercises.map((exercise) => [exercise.id, { points: String(exercise.points), feedback: "Clearly explained." }]),
    );
    await gradeSubmission(tutor, submission.id, { answers, overall: "", feedback: "Well done." });
  }
}

/**
 * Demo homework: one piece per demo class on the first lesson's online exercises, due in three
 * days, with some work handed in and some marked. Skipped when the course or classes are missing;
 * idempotent (a class that already has the demo homework is left alone).
 */
export async function seedDemoHomework(db: Kysely<Database>, centreId: CentreId): Promise<void> {
  const tutors = await selectFromTenant(db, "users", centreId)
    .where("role", "=", "tutor")
    .select(["id", "name"])
    .orderBy("name")
    .execute();
  for (const tutorRow of tutors) {
    const tutor = await demoActor(centreId, tutorRow, "tutor");
    for (const klass of await classesForTutor(centreId, tutorRow.id)) {
      const existing = await selectFromTenant(db, "homework", centreId)
        .where("class_id", "=", klass.id)
        .where("title", "=", DEMO_TITLE)
        .select("id")
        .executeTakeFirst();
      if (existing) continue;
      const [lesson] = await publishedLessonsForCourse(centreId, klass.courseId);
      const students = await studentsOfClass(centreId, klass.id);
      if (!lesson || students.length === 0) continue;
      const exercises = (await exercisesForLessons(centreId, [lesson.id])).filter((row) => row.kind !== "worksheet");
      if (exercises.length === 0) continue;
      const homeworkId = await assignHomework(tutor, {
        title: DEMO_TITLE,
        instructions: "Answer every question, then hand it in.",
        kind: "exercises",
        classId: klass.id,
        studentId: null,
        lessonId: lesson.id,
        exerciseIds: exercises.map((row) => row.id),
        pages: null,
        outOf: null,
        dueAt: new Date(Date.now() + 3 * DAY),
      });
      await demoWork(db, centreId, tutor, homeworkId, exercises, students);
    }
  }
}
