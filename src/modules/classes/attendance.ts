import { type Kysely, sql } from "kysely";
import { recordAudit } from "../../platform/audit";
import { cachePart, cacheUnaffected, invalidateParts } from "../../platform/cache";
import { dayBounds, localDate } from "../../platform/calendar";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { prepared } from "../../platform/db/prepared";
import type { AttendanceMethod, AttendanceStatus, Database } from "../../platform/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { formatLocalDate, t } from "../../platform/i18n";
import type { Actor, AuditRequest } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";
import { assertTeaches } from "./access";
import {
  attendanceRowsForStudent,
  isMember,
  membersOf,
  type SessionRecord,
  type StudentAttendanceRow,
  sessionRecord,
  sessionsBetween,
} from "./queries";

/** Who records attendance: a signed-in person, or an enrolled kiosk device (no person). */
export type AttendanceRecorder = Actor | { kioskId: string; centreId: CentreId; request: AuditRequest };

function isKiosk(
  recorder: AttendanceRecorder,
): recorder is { kioskId: string; centreId: CentreId; request: AuditRequest } {
  return "kioskId" in recorder;
}

/**
 * A session on a later day than today in the centre's time zone: nobody can have come to it yet,
 * so it takes no attendance (and so earns no attendance XP). Sessions later today are open, since
 * students check in at the kiosk before their session starts.
 */
export function isUpcoming(startsAt: Date, timeZone: string, now: Date = new Date()): boolean {
  return localDate(startsAt, timeZone) > localDate(now, timeZone);
}

/** The session, if the recorder may mark it now: a person must teach its class; not on a later day. */
async function markableSession(
  recorder: AttendanceRecorder,
  sessionId: string,
  at: Date,
  read?: SessionRecord,
): Promise<SessionRecord> {
  const session = read?.id === sessionId ? read : await sessionRecord(db, recorder.centreId, sessionId);
  if (!session) throw new NotFoundError(t("classes.error.sessionNotFound"));
  if (!isKiosk(recorder)) assertTeaches(recorder, session.tutorId, "session");
  if (session.status === "cancelled") throw new ConflictError(t("classes.error.sessionCancelled"));
  const timeZone = isKiosk(recorder)
    ? ((await loadCentreContext(recorder.centreId))?.timeZone ?? "UTC")
    : recorder.centre.timeZone;
  if (isUpcoming(session.startsAt, timeZone, at)) {
    const date = formatLocalDate(localDate(session.startsAt, timeZone));
    throw new ConflictError(t("classes.error.sessionInFuture", { date }));
  }
  return session;
}

interface Mark {
  status: AttendanceStatus;
  method: AttendanceMethod;
  checkedInAt: Date | null;
}

/**
 * Saves one mark; a mark that changed publishes attendance.checked_in and is audited (first mark
 * or correction, with before and after) in the same transaction.
 */
async function upsertMark(
  recorder: AttendanceRecorder,
  session: SessionRecord,
  studentId: string,
  status: AttendanceStatus,
  method: AttendanceMethod,
  at: Date,
): Promise<boolean> {
  const sessionId = session.id;
  return db.transaction().execute(async (trx) => {
    const before = await currentMark(trx, recorder.centreId, sessionId, studentId);
    const after = await upsertRow(trx, recorder, sessionId, studentId, status, method, at);
    if (!after) return false;
    await publishEvent(trx, {
      type: "attendance.checked_in",
      centreId: recorder.centreId,
      payload: {
        sessionId,
        classId: session.classId,
        studentId,
        status,
        method,
        startsAt: session.startsAt.toISOString(),
      },
    });
    const where = { sessionId, classId: session.classId, startsAt: session.startsAt };
    await recordAudit(trx, {
      centreId: recorder.centreId,
      actor: isKiosk(recorder) ? { id: null, role: "kiosk" } : { id: recorder.userId, role: recorder.role },
      action: before ? "attendance.correct" : "attendance.record",
      target: { type: "student", id: studentId },
      before: before ? { ...where, ...before } : null,
      after: { ...where, ...after, ...(isKiosk(recorder) ? { kioskId: recorder.kioskId } : {}) },
      request: recorder.request,
    });
    return true;
  });
}

/**
 * Marks that changed show on the students' (and parents') dashboards, the class's tutor's
 * sessions and students of concern, and the centre's attendance figures; the same mark again
 * changes nothing shown (platform/cache.ts).
 */
async function attendanceChanged(centreId: CentreId, classId: string, studentIds: string[]): Promise<void> {
  if (studentIds.length === 0) return cacheUnaffected();
  const parts = [...studentIds.map(cachePart.student), cachePart.class(classId), "centre" as const];
  await invalidateParts(redis, centreId, parts);
}

interface MarkKey extends Record<string, unknown> {
  centreId: CentreId;
  sessionId: string;
  studentId: string;
}

/** The mark as it stands, locked until the transaction ends so the audited "before" stays true. */
function currentMark(trx: Kysely<Database>, centreId: CentreId, sessionId: string, studentId: string) {
  return currentMarkStatement.first(trx, { centreId, sessionId, studentId });
}

// Built once, like the upsert below (issue 17): every check-in sends both.
const currentMarkStatement = prepared((trx, p: MarkKey) =>
  selectFromTenant(trx, "attendance", p.centreId)
    .where("session_id", "=", p.sessionId)
    .where("student_id", "=", p.studentId)
    .select(["status", "method", "checked_in_at as checkedInAt"])
    .forUpdate(),
);

async function upsertRow(
  trx: Kysely<Database>,
  recorder: AttendanceRecorder,
  sessionId: string,
  studentId: string,
  status: AttendanceStatus,
  method: AttendanceMethod,
  at: Date,
): Promise<Mark | undefined> {
  return upsertMarkStatement.first(trx, {
    centreId: recorder.centreId,
    sessionId,
    studentId,
    status,
    method,
    checkedInAt: status === "absent" ? null : at,
    recordedBy: isKiosk(recorder) ? null : recorder.userId,
  });
}

interface MarkValues extends MarkKey {
  status: AttendanceStatus;
  method: AttendanceMethod;
  checkedInAt: Date | null;
  recordedBy: string | null;
}

const upsertMarkStatement = prepared((trx, p: MarkValues) =>
  trx
    .insertInto("attendance")
    .values({
      centre_id: p.centreId,
      session_id: p.sessionId,
      student_id: p.studentId,
      status: p.status,
      method: p.method,
      checked_in_at: p.checkedInAt,
      recorded_by: p.recordedBy,
    })
    // The same status again changes nothing, so a kiosk check-in after the tutor's mark keeps
    // the first check-in time and method; a new status keeps an earlier check-in time.
    .onConflict((conflict) =>
      conflict
        .columns(["centre_id", "session_id", "student_id"])
        .doUpdateSet({
          status: (eb) => eb.ref("excluded.status"),
          method: (eb) => eb.ref("excluded.method"),
          recorded_by: (eb) => eb.ref("excluded.recorded_by"),
          updated_at: sql`now()`,
          checked_in_at: sql`case when excluded.status = 'absent' then null else coalesce(attendance.checked_in_at, excluded.checked_in_at) end`,
        })
        .where(sql<boolean>`attendance.status <> excluded.status`),
    )
    .returning(["status", "method", "checked_in_at as checkedInAt"]),
);

/**
 * Records one student's attendance at a session; idempotent on (centre, session, student).
 * The student must be a member of the session's class.
 */
export async function recordAttendance(
  recorder: AttendanceRecorder,
  sessionId: string,
  studentId: string,
  status: AttendanceStatus,
  method: AttendanceMethod,
  at: Date = new Date(),
  /**
   * What the caller (the register row's route) has just read in the recorder's centre: the
   * session, and its class's members. Each given saves a statement; every check still runs on it.
   */
  read: { session?: SessionRecord; members?: readonly { id: string }[] } = {},
): Promise<void> {
  const session = await markableSession(recorder, sessionId, at, read.session);
  const member = read.members
    ? read.members.some((candidate) => candidate.id === studentId)
    : await isMember(db, recorder.centreId, session.classId, studentId);
  if (!member) throw new NotFoundError(t("classes.error.studentNotInClass"));
  const changed = await upsertMark(recorder, session, studentId, status, method, at);
  await attendanceChanged(recorder.centreId, session.classId, changed ? [studentId] : []);
}

/** The tutor's one-screen save: every member's mark at once; students not in the class are refused. */
export async function takeAttendance(
  actor: Actor,
  sessionId: string,
  marks: Map<string, AttendanceStatus>,
  at: Date = new Date(),
): Promise<void> {
  const session = await markableSession(actor, sessionId, at);
  const members = new Set((await membersOf(db, actor.centreId, session.classId)).map((member) => member.id));
  const strangers = [...marks.keys()].filter((studentId) => !members.has(studentId));
  if (strangers.length > 0) throw new ValidationError({ form: t("classes.error.strangers") });
  const changed: string[] = [];
  for (const [studentId, status] of marks)
    if (await upsertMark(actor, session, studentId, status, "tutor", at)) changed.push(studentId);
  await attendanceChanged(actor.centreId, session.classId, changed);
}

export interface SessionToday extends SessionRecord {
  unrecorded: number;
}

/** Today's sessions (in the centre's timezone) with their attendance counts; one tutor's when given. */
export async function sessionsToday(
  centreId: CentreId,
  now: Date = new Date(),
  options: { tutorId?: string } = {},
): Promise<SessionToday[]> {
  // Dashboards cache these figures per centre, outside any one request, so the clock is read here.
  const timeZone = (await loadCentreContext(centreId))?.timeZone ?? "UTC";
  const { from, to } = dayBounds(localDate(now, timeZone), timeZone);
  const sessions = await sessionsBetween(db, centreId, from, to, options.tutorId);
  return sessions.map((session) => ({
    ...session,
    unrecorded: Math.max(0, session.members - session.present - session.late - session.absent),
  }));
}

/** "My classes today" for a tutor's dashboard. */
export function tutorToday(centreId: CentreId, tutorId: string, now: Date = new Date()): Promise<SessionToday[]> {
  return sessionsToday(centreId, now, { tutorId });
}

/** A student's sessions in [from, to) with their attendance, for dashboards and progress. */
export function attendanceForStudent(
  centreId: CentreId,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<StudentAttendanceRow[]> {
  return attendanceRowsForStudent(db, centreId, studentId, range.from, range.to);
}
