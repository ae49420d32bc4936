import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { isForeignKeyViolation } from "../../platform/db/errors";
import type { Database } from "../../platform/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { type CentreId, deleteFromTenant, updateTenant } from "../../platform/tenancy";
import { auditBase } from "./audit";
import { syncSessions } from "./generate";
import {
  activeClassesOfStudent,
  activeClassesOfTutor,
  activeSlots,
  type ClassRecord,
  type ClassStay,
  classRecord,
  classStaysOf,
  courseIsChoosable,
  datedRange,
  hasAttendance,
  membersOf,
  type NamedPerson,
  peopleWithRoles,
  personHasRole,
  studentsOfTutor,
  teachesStudent,
  tutorsOfStudent,
} from "./queries";
import type { WeeklySlot } from "./schedule";

export {
  type AttendanceRecorder,
  attendanceForStudent,
  recordAttendance,
  type SessionToday,
  sessionsToday,
  takeAttendance,
  tutorToday,
} from "./attendance";
export { addMember, addMembers, moveMember, removeMember } from "./membership";
export type { ClassRecord, NamedPerson, StudentAttendanceRow } from "./queries";
export { cancelSession, regenerateSessions, restoreSession, updateSessionDetails } from "./sessions";

/** What a class form sets: its record less the names and status the database supplies. */
export type ClassInput = Omit<ClassRecord, "id" | "courseTitle" | "tutorName" | "status">;

export function classById(centreId: CentreId, id: string): Promise<ClassRecord | undefined> {
  return classRecord(db, centreId, id);
}

export function studentsOfClass(centreId: CentreId, classId: string): Promise<NamedPerson[]> {
  return membersOf(db, centreId, classId);
}

/** A student's class history: every stay, with when it began and ended (the student's page). */
export function classHistoryOf(centreId: CentreId, studentId: string): Promise<ClassStay[]> {
  return classStaysOf(db, centreId, studentId);
}

/** The active classes a student is in now (id and name), in one query: their leaderboard tabs. */
export function classesOfStudent(centreId: CentreId, studentId: string): Promise<{ id: string; name: string }[]> {
  return activeClassesOfStudent(db, centreId, studentId);
}

/** Every active class of the centre, for those who may work with any class. */
export function activeClasses(centreId: CentreId): Promise<ClassRecord[]> {
  return activeSlots(db, centreId);
}

/** A tutor's active classes, by name. */
export function classesForTutor(centreId: CentreId, tutorId: string): Promise<ClassRecord[]> {
  return activeClassesOfTutor(db, centreId, tutorId);
}

/** Whether the student is in one of the tutor's classes (the row-level rule for "own students"). */
export function tutorTeachesStudent(centreId: CentreId, tutorId: string, studentId: string): Promise<boolean> {
  return teachesStudent(db, centreId, tutorId, studentId);
}

/**
 * Students a person may set one-to-one work to: every active student of the centre (tutorId
 * null, for those who see the whole centre), or the students in a tutor's classes.
 */
export function studentsToTutor(centreId: CentreId, tutorId: string | null): Promise<NamedPerson[]> {
  return tutorId ? studentsOfTutor(db, centreId, tutorId) : peopleWithRoles(db, centreId, ["student"]);
}

/** Who teaches the student now: told about things that concern the student, such as a PIN lock. */
export function tutorsOf(centreId: CentreId, studentId: string, executor: Kysely<Database> = db): Promise<string[]> {
  return tutorsOfStudent(executor, centreId, studentId);
}

export async function tutorTeaches(centreId: CentreId, tutorId: string, classId: string): Promise<boolean> {
  return (await classRecord(db, centreId, classId))?.tutorId === tutorId;
}

/** Checks the course, tutor and term are the centre's; a class that follows a term takes the term's dates. */
async function checkReferences(executor: Kysely<Database>, centreId: CentreId, input: ClassInput): Promise<ClassInput> {
  const errors: Record<string, string> = {};
  const [courseOk, tutorOk, term] = await Promise.all([
    courseIsChoosable(executor, centreId, input.courseId),
    personHasRole(executor, centreId, input.tutorId, ["tutor", "head_tutor"]),
    input.termId ? datedRange(executor, centreId, "centre_terms", input.termId) : undefined,
  ]);
  if (!courseOk) errors.courseId = t("classes.form.courseNotHere");
  if (!tutorOk) errors.tutorId = t("classes.form.tutorNotHere");
  if (input.termId && !term) errors.termId = t("classes.form.termNotHere");
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return term ? { ...input, startsOn: term.startsOn, endsOn: term.endsOn } : input;
}

function columns(input: ClassInput) {
  return {
    name: input.name,
    course_id: input.courseId,
    tutor_id: input.tutorId,
    room: input.room,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    term_id: input.termId,
  };
}

/** Replaces a class's weekly slots with the form's. */
async function writeSlots(trx: Kysely<Database>, centreId: CentreId, classId: string, slots: WeeklySlot[]) {
  await deleteFromTenant(trx, "class_slots", centreId).where("class_id", "=", classId).execute();
  await trx
    .insertInto("class_slots")
    .values(
      slots.map((slot) => ({
        centre_id: centreId,
        class_id: classId,
        weekday: slot.weekday,
        start_time: slot.startTime,
        duration_minutes: slot.durationMinutes,
      })),
    )
    .execute();
}

/** What decides a class's sessions, compared before and after an edit. */
function scheduleOf(klass: Pick<ClassInput, "slots" | "startsOn" | "endsOn">) {
  return JSON.stringify({ slots: klass.slots, startsOn: klass.startsOn, endsOn: klass.endsOn });
}

/** Creates a class and its first window of dated sessions. */
export async function createClass(actor: Actor, form: ClassInput, now = new Date()): Promise<string> {
  const input = await checkReferences(db, actor.centreId, form);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("classes")
      .values({ centre_id: actor.centreId, ...columns(input) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeSlots(trx, actor.centreId, row.id, input.slots);
    await syncSessions(trx, actor.centre, row.id, { now });
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.create",
      target: { type: "class", id: row.id },
      after: { ...input },
    });
    return row.id;
  });
}

/**
 * Edits a class; changed slots or dates move its future sessions that have no attendance (past
 * and attended sessions stay as history), without duplicating any.
 */
export async function updateClass(actor: Actor, id: string, form: ClassInput, now = new Date()): Promise<void> {
  const before = await classRecord(db, actor.centreId, id);
  if (!before) throw new NotFoundError(t("classes.error.classNotFound"));
  const input = await checkReferences(db, actor.centreId, form);
  await db.transaction().execute(async (trx) => {
    await updateTenant(trx, "classes", actor.centreId)
      .set({ ...columns(input), updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    await writeSlots(trx, actor.centreId, id, input.slots);
    if (scheduleOf(before) !== scheduleOf(input)) await syncSessions(trx, actor.centre, id, { now });
    const { id: _id, courseTitle: _course, tutorName: _tutor, status: _status, ...was } = before;
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.update",
      target: { type: "class", id },
      before: { ...was },
      after: { ...input },
    });
  });
}

/** Archives a class: it keeps its history, and its future sessions without attendance go. */
export async function archiveClass(actor: Actor, id: string, now = new Date()): Promise<void> {
  const before = await classRecord(db, actor.centreId, id);
  if (!before) throw new NotFoundError(t("classes.error.classNotFound"));
  if (before.status === "archived") return;
  await db.transaction().execute(async (trx) => {
    await updateTenant(trx, "classes", actor.centreId)
      .set({ status: "archived", updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    await syncSessions(trx, actor.centre, id, { now });
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.archive",
      target: { type: "class", id },
      before: { status: before.status },
      after: { status: "archived" },
    });
  });
}

/** Deletes a class that has no history; one with attendance or homework must be archived instead. */
export async function deleteClass(actor: Actor, id: string): Promise<void> {
  const before = await classRecord(db, actor.centreId, id);
  if (!before) throw new NotFoundError(t("classes.error.classNotFound"));
  const refusal = new ConflictError(t("classes.error.hasHistory", { name: before.name }));
  if (await hasAttendance(db, actor.centreId, id)) throw refusal;
  try {
    await db.transaction().execute(async (trx) => {
      await deleteFromTenant(trx, "classes", actor.centreId).where("id", "=", id).execute();
      await recordAudit(trx, {
        ...auditBase(actor),
        action: "class.delete",
        target: { type: "class", id },
        before: { name: before.name, courseId: before.courseId, tutorId: before.tutorId },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw refusal;
    throw error;
  }
}
