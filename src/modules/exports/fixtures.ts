import { sql } from "kysely";
import { db } from "../../platform/db";

/**
 * Attendance in bulk, for the 10,000-row export test and the export benchmark: `students` students
 * at one class with `sessions` daily sessions from 2025-01-06, every student marked at every
 * session. Written with set-returning SQL, so seeding stays a fraction of a second.
 */
export async function seedAttendance(
  centreId: string,
  tutorId: string,
  shape: { students: number; sessions: number },
): Promise<{ from: string; to: string }> {
  const course = await db
    .insertInto("courses")
    .values({ centre_id: centreId, title: "Bench course", status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const klass = await db
    .insertInto("classes")
    .values({
      centre_id: centreId,
      course_id: course.id,
      tutor_id: tutorId,
      name: "Bench class",
      weekday: 1,
      start_time: "16:00",
      duration_minutes: 60,
      starts_on: "2025-01-06",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`
    insert into users (centre_id, role, name, student_code)
    select ${centreId}, 'student', 'Bench student ' || n, 'BENCH-' || substr(${centreId}::text, 1, 8) || '-' || n
    from generate_series(1, ${shape.students}) as n`.execute(db);
  await sql`
    insert into class_sessions (centre_id, class_id, starts_at, ends_at)
    select ${centreId}, ${klass.id}, start, start + interval '1 hour'
    from (select timestamptz '2025-01-06 16:00+00' + n * interval '1 day' as start
          from generate_series(0, ${shape.sessions - 1}) as n) as days`.execute(db);
  await sql`
    insert into attendance (centre_id, session_id, student_id, status, checked_in_at, method)
    select ${centreId}, s.id, u.id, (array['present','late','absent'])[1 + (row_number() over () % 3)::int],
           s.starts_at + interval '2 minutes', 'tutor'
    from class_sessions s cross join users u
    where s.class_id = ${klass.id} and s.centre_id = ${centreId}
      and u.centre_id = ${centreId} and u.name like 'Bench student %'`.execute(db);
  // Fresh statistics, as after any bulk load: without them the planner takes these tables for empty.
  await sql`analyze users, class_sessions, attendance`.execute(db);
  const lastDay = new Date(Date.UTC(2025, 0, 6 + shape.sessions - 1)).toISOString().slice(0, 10);
  return { from: "2025-01-06", to: lastDay };
}
