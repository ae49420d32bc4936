import type { Kysely } from "kysely";
import type { Database, ExerciseKind } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

export const DEMO_COURSE_TITLE = "Maths — Year 7";

const LESSONS = [
  {
    title: "Fractions",
    material: {
      title: "What a fraction is",
      body: "A **fraction** is a part of a whole: `3/4` means three of four equal parts.\n\n- The top number is the *numerator*\n- The bottom number is the *denominator*",
    },
  },
  {
    title: "Decimals",
    material: {
      title: "From fractions to decimals",
      body: "Divide the numerator by the denominator: 1/2 = 0.5 and 3/4 = 0.75.\n\nMore practice: https://example.org/decimals",
    },
  },
];

const EXERCISES: {
  lesson: number;
  kind: ExerciseKind;
  prompt: string;
  config: Record<string, unknown>;
  points: number;
}[] = [
  {
    lesson: 0,
    kind: "multiple_choice",
    prompt: "Which fraction is equal to one half?",
    config: { choices: ["1/3", "2/4", "3/4"], correct: 1 },
    points: 1,
  },
  {
    lesson: 0,
    kind: "short_answer",
    prompt: "What is the bottom number of a fraction called?",
    config: { accepted: ["denominator", "the denominator"] },
    points: 1,
  },
  {
    lesson: 0,
    kind: "free_response",
    prompt: "Explain in your own words why 2/4 and 1/2 are the same amount.",
    config: {},
    points: 3,
  },
  {
    lesson: 1,
    kind: "numeric",
    prompt: "Write 3/4 as a decimal.",
    config: { answer: 0.75, tolerance: 0 },
    points: 2,
  },
  {
    lesson: 1,
    kind: "worksheet",
    prompt: "Complete the decimals worksheet and hand it in.",
    config: { pages: 2 },
    points: 5,
  },
];

/**
 * Demo content for a centre: a published course with two lessons, a text material each and one
 * exercise of every kind, with the centre's students enrolled. Skipped when the course exists.
 */
export async function seedDemoCourses(db: Kysely<Database>, centreId: CentreId, createdBy: string | null = null) {
  const existing = await selectFromTenant(db, "courses", centreId)
    .where("title", "=", DEMO_COURSE_TITLE)
    .select("id")
    .executeTakeFirst();
  if (existing) return { courseId: existing.id, created: false };
  return db.transaction().execute(async (trx) => {
    const course = await trx
      .insertInto("courses")
      .values({
        centre_id: centreId,
        title: DEMO_COURSE_TITLE,
        summary: "Fractions and decimals for the first term.",
        status: "published",
        created_by: createdBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const lessonIds: string[] = [];
    for (const [index, lesson] of LESSONS.entries()) {
      const row = await trx
        .insertInto("lessons")
        .values({
          centre_id: centreId,
          course_id: course.id,
          title: lesson.title,
          position: index + 1,
          status: "published",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      lessonIds.push(row.id);
      await trx
        .insertInto("materials")
        .values({
          centre_id: centreId,
          lesson_id: row.id,
          kind: "text",
          title: lesson.material.title,
          body_markdown: lesson.material.body,
          position: 1,
        })
        .execute();
    }
    await trx
      .insertInto("exercises")
      .values(
        EXERCISES.map((exercise, index) => ({
          centre_id: centreId,
          lesson_id: lessonIds[exercise.lesson] as string,
          kind: exercise.kind,
          prompt: exercise.prompt,
          config: exercise.config,
          points: exercise.points,
          position: index + 1,
        })),
      )
      .execute();
    const students = await selectFromTenant(trx, "users", centreId)
      .where("role", "=", "student")
      .select("id")
      .execute();
    if (students.length > 0)
      await trx
        .insertInto("enrolments")
        .values(students.map((student) => ({ centre_id: centreId, course_id: course.id, student_id: student.id })))
        .execute();
    return { courseId: course.id, created: true };
  });
}
