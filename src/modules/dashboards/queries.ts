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

export interface StudentConcern {
  studentId: string;
  name: string;
  overdue: number;
  absences: number;
}

/**
 * Students of a tutor's classes who need attention: overdue homework not handed in, or two or
 * more absences in the last fortnight.
 */
export async function studentsNeedingAttention(
  db: Kysely<Database>,
  centreId: CentreId,
  tutorId: string,
  now: Date,
  limit = 10,
): Promise<StudentConcern[]> {
  const fortnightAgo = new Date(now.getTime() - 14 * 24 * 3600 * 1000);
  const overdue = selectFromTenant(db, "submissions", centreId)
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .innerJoin("classes", tenantJoin("classes.id", "homework.class_id"))
    .where("classes.tutor_id", "=", tutorId)
    .where("homework.status", "=", "active")
    .where("homework.due_at", "<", now)
    .where("submissions.status", "in", ["not_started", "in_progress", "returned"])
    .groupBy("submissions.student_id")
    .select(["submissions.student_id as studentId", sql<string>`count(*)`.as("overdue")]);
  const absences = selectFromTenant(db, "attendance", centreId)
    .innerJoin("class_sessions", tenantJoin("class_sessions.id", "attendance.session_id"))
    .innerJoin("classes", tenantJoin("classes.id", "class_sessions.class_id"))
    .where("classes.tutor_id", "=", tutorId)
    .where("attendance.status", "=", "absent")
    .where("class_sessions.starts_at", ">=", fortnightAgo)
    .groupBy("attendance.student_id")
    .having(sql`count(*)`, ">=", 2)
    .select(["attendance.student_id as studentId", sql<string>`count(*)`.as("absences")]);
  const [overdueRows, absenceRows] = await Promise.all([overdue.execute(), absences.execute()]);
  const concerns = new Map<string, { overdue: number; absences: number }>();
  for (const row of overdueRows) concerns.set(row.studentId, { overdue: Number(row.overdue), absences: 0 });
  for (const row of absenceRows) {
    concerns.set(row.studentId, { overdue: concerns.get(row.studentId)?.overdue ?? 0, absences: Number(row.absences) });
  }
  if (concerns.size === 0) return [];
  const names = await selectFromTenant(db, "users", centreId)
    .where("id", "in", [...concerns.keys()])
    .select(["id", "name"])
    .execute();
  return names
    .map((person) => ({
      studentId: person.id,
      name: person.name,
      ...(concerns.get(person.id) as { overdue: number; absences: number }),
    }))
    .sort((a, b) => b.overdue + b.absences - (a.overdue + a.absences) || a.name.localeCompare(b.name))
    .slice(0, limit);
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
