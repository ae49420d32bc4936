import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

/**
 * Read models for dashboards and progress: figures that span several modules' tables. Reads
 * only, every one scoped to the centre and joined on centre_id; the owning modules still do
 * every write.
 */

export interface CourseExerciseStats {
  courseId: string;
  attempted: number;
  correct: number;
}

/** Exercises a student has answered, and answered correctly, per course. */
export async function exerciseStatsByCourse(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
): Promise<CourseExerciseStats[]> {
  const rows = await selectFromTenant(db, "submissions", centreId)
    .innerJoin("answers", tenantJoin("answers.submission_id", "submissions.id"))
    .innerJoin("exercises", tenantJoin("exercises.id", "answers.exercise_id"))
    .innerJoin("lessons", tenantJoin("lessons.id", "exercises.lesson_id"))
    .where("submissions.student_id", "=", studentId)
    .groupBy("lessons.course_id")
    .select([
      "lessons.course_id as courseId",
      sql<string>`count(*)`.as("attempted"),
      sql<string>`count(*) filter (where answers.is_correct)`.as("correct"),
    ])
    .execute();
  return rows.map((row) => ({
    courseId: row.courseId,
    attempted: Number(row.attempted),
    correct: Number(row.correct),
  }));
}

/** Share of recorded attendance that was present or late, over a period; null when nothing was recorded. */
export async function attendanceRate(
  db: Kysely<Database>,
  centreId: CentreId,
  from: Date,
  to: Date,
): Promise<number | null> {
  const row = await selectFromTenant(db, "attendance", centreId)
    .innerJoin("class_sessions", tenantJoin("class_sessions.id", "attendance.session_id"))
    .where("class_sessions.starts_at", ">=", from)
    .where("class_sessions.starts_at", "<", to)
    .select([
      sql<string>`count(*)`.as("recorded"),
      sql<string>`count(*) filter (where attendance.status <> 'absent')`.as("attended"),
    ])
    .executeTakeFirstOrThrow();
  const recorded = Number(row.recorded);
  return recorded === 0 ? null : Number(row.attended) / recorded;
}

/** People of the centre who signed in since a moment. */
export async function activeUserCount(db: Kysely<Database>, centreId: CentreId, since: Date): Promise<number> {
  const row = await selectFromTenant(db, "users", centreId)
    .where("last_sign_in_at", ">=", since)
    .where("status", "=", "active")
    .select(sql<string>`count(*)`.as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
