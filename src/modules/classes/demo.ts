import type { Kysely } from "kysely";
import { addDays, localDate } from "../../platform/calendar";
import { loadCentreContext } from "../../platform/centre-context";
import type { AttendanceStatus, Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";
import { syncSessions } from "./generate";

export const DEMO_COURSE_TITLE = "Maths — Year 7";
const WEEKS_OF_HISTORY = 4;

/** A stable number in [0, 1) from a string, so demo attendance is the same on every seed. */
function unitHash(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return (hash >>> 0) / 2 ** 32;
}

function demoMark(sessionId: string, studentId: string, startsAt: Date) {
  const roll = unitHash(`${sessionId}:${studentId}`);
  const status: AttendanceStatus = roll < 0.82 ? "present" : roll < 0.92 ? "late" : "absent";
  const minutes = status === "present" ? Math.floor(roll * 6) - 5 : status === "late" ? 8 + Math.floor(roll * 10) : 0;
  return { status, checkedInAt: status === "absent" ? null : new Date(startsAt.getTime() + minutes * 60_000) };
}

async function ensureClass(
  db: Kysely<Database>,
  centreId: CentreId,
  values: { courseId: string; tutorId: string; name: string; weekday: number; room: string; startsOn: string },
): Promise<string> {
  const existing = await selectFromTenant(db, "classes", centreId)
    .where("tutor_id", "=", values.tutorId)
    .where("name", "=", values.name)
    .select("id")
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto("classes")
    .values({
      centre_id: centreId,
      course_id: values.courseId,
      tutor_id: values.tutorId,
      name: values.name,
      room: values.room,
      starts_on: values.startsOn,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("class_slots")
    .values({
      centre_id: centreId,
      class_id: row.id,
      weekday: values.weekday,
      start_time: "16:00",
      duration_minutes: 60,
    })
    .execute();
  return row.id;
}

async function fillPastAttendance(
  db: Kysely<Database>,
  centreId: CentreId,
  classId: string,
  tutorId: string,
  now: Date,
) {
  const [sessions, members] = await Promise.all([
    selectFromTenant(db, "class_sessions", centreId)
      .where("class_id", "=", classId)
      .where("starts_at", "<", now)
      .where("status", "=", "scheduled")
      .select(["id", "starts_at"])
      .execute(),
    selectFromTenant(db, "class_members", centreId).where("class_id", "=", classId).select("student_id").execute(),
  ]);
  const rows = sessions.flatMap((session) =>
    members.map((member) => {
      const mark = demoMark(session.id, member.student_id, session.starts_at);
      return {
        centre_id: centreId,
        session_id: session.id,
        student_id: member.student_id,
        status: mark.status,
        checked_in_at: mark.checkedInAt,
        method: "tutor" as const,
        recorded_by: tutorId,
      };
    }),
  );
  if (rows.length === 0) return;
  await db
    .insertInto("attendance")
    .values(rows)
    .onConflict((conflict) => conflict.columns(["centre_id", "session_id", "student_id"]).doNothing())
    .execute();
}

/**
 * Demo classes: one per tutor on the demo course (none if the course is missing), the centre's
 * students shared between them, sessions from four weeks ago to the end of the window, and
 * plausible attendance for the sessions already past. Idempotent.
 */
export async function seedDemoClasses(db: Kysely<Database>, centreId: CentreId, now: Date = new Date()): Promise<void> {
  const course = await selectFromTenant(db, "courses", centreId)
    .where("title", "=", DEMO_COURSE_TITLE)
    .select("id")
    .orderBy("created_at")
    .executeTakeFirst();
  if (!course) return;
  const [tutors, students] = await Promise.all([
    selectFromTenant(db, "users", centreId)
      .where("role", "=", "tutor")
      .select(["id", "name"])
      .orderBy("name")
      .execute(),
    selectFromTenant(db, "users", centreId)
      .where("role", "=", "student")
      .where("status", "<>", "disabled")
      .select("id")
      .orderBy("student_code")
      .execute(),
  ]);
  const centre = await loadCentreContext(centreId);
  if (tutors.length === 0 || !centre) return;
  const startsOn = addDays(localDate(now, centre.timeZone), -7 * WEEKS_OF_HISTORY);
  for (const [index, tutor] of tutors.entries()) {
    const classId = await ensureClass(db, centreId, {
      courseId: course.id,
      tutorId: tutor.id,
      name: `Year 7 Maths with ${tutor.name}`,
      weekday: 2 + (index % 5),
      room: `Room ${index + 1}`,
      startsOn,
    });
    const members = students.filter((_, position) => position % tutors.length === index);
    if (members.length > 0)
      await db
        .insertInto("class_members")
        .values(members.map((student) => ({ centre_id: centreId, class_id: classId, student_id: student.id })))
        .onConflict((conflict) => conflict.columns(["centre_id", "class_id", "student_id"]).doNothing())
        .execute();
    await syncSessions(db, centre, classId, { now, backfillFrom: startsOn });
    await fillPastAttendance(db, centreId, classId, tutor.id, now);
  }
}
