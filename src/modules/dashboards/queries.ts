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

/**
 * Exercises a student has answered, and answered correctly, per course, read by key from the
 * student outward so that no plan, custom or generic, reads another student's row: their
 * submissions (submissions_centre_student_idx), each one's answers (answers_pkey, which leads with
 * the submission) in a materialized CTE, counted per exercise, then each exercise answered and its
 * lesson looked up by key. Both lookups sit behind OFFSET 0: joined freely, the planner started
 * from the centre's exercises and read every answer to them in the centre (21 ms for a student of
 * the users benchmark), crossed them with the student's submissions, or, under a generic plan,
 * hashed the whole exercises and lessons tables (every centre's) to join a student's few answers.
 */
export async function exerciseStatsByCourse(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
): Promise<CourseExerciseStats[]> {
  const { rows } = await sql<CourseExerciseStats>`
    with own as materialized (
      select answered.exercise_id, count(*) as attempted, count(*) filter (where answered.is_correct) as correct
      from submissions
      cross join lateral (
        select answers.exercise_id, answers.is_correct from answers
        where answers.centre_id = submissions.centre_id and answers.submission_id = submissions.id
        offset 0
      ) answered
      where submissions.centre_id = ${centreId} and submissions.student_id = ${studentId}
      group by answered.exercise_id
    )
    select course.course_id as "courseId", sum(own.attempted)::int as attempted, sum(own.correct)::int as correct
    from own
    cross join lateral (
      select lessons.course_id from exercises
      join lessons on lessons.centre_id = exercises.centre_id and lessons.id = exercises.lesson_id
      where exercises.centre_id = ${centreId} and exercises.id = own.exercise_id
      offset 0
    ) course
    group by course.course_id`.execute(db);
  return rows;
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
