import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { isForeignKeyViolation } from "../../platform/db/errors";
import type { Database } from "../../platform/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { type CentreId, deleteFromTenant, updateTenant } from "../../platform/tenancy";
import { syncSessions } from "./generate";
import {
  activeClassesOfTutor,
  activeSlots,
  type ClassRecord,
  classRecord,
  courseIsChoosable,
  hasAttendance,
  membersOf,
  type NamedPerson,
  personHasRole,
  teachesStudent,
  tutorsOfStudent,
} from "./queries";

export {
  type AttendanceRecorder,
  attendanceForStudent,
  recordAttendance,
  type SessionToday,
  sessionsToday,
  takeAttendance,
  tutorToday,
} from "./attendance";
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

/** Who teaches the student now: told about things that concern the student, such as a PIN lock. */
export function tutorsOf(centreId: CentreId, studentId: string, executor: Kysely<Database> = db): Promise<string[]> {
  return tutorsOfStudent(executor, centreId, studentId);
}

export async function tutorTeaches(centreId: CentreId, tutorId: string, classId: string): Promise<boolean> {
  return (await classRecord(db, centreId, classId))?.tutorId === tutorId;
}

async function checkReferences(executor: Kysely<Database>, centreId: CentreId, input: ClassInput): Promise<void> {
  const errors: Record<string, string> = {};
  const [courseOk, tutorOk] = await Promise.all([
    courseIsChoosable(executor, centreId, input.courseId),
    personHasRole(executor, centreId, input.tutorId, ["tutor", "head_tutor"]),
  ]);
  if (!courseOk) errors.courseId = t("classes.form.courseNotHere");
  if (!tutorOk) errors.tutorId = t("classes.form.tutorNotHere");
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

function columns(input: ClassInput) {
  return {
    name: input.name,
    course_id: input.courseId,
    tutor_id: input.tutorId,
    weekday: input.weekday,
    start_time: input.startTime,
    duration_minutes: input.durationMinutes,
    room: input.room,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
  };
}

function auditBase(actor: Actor) {
  return { centreId: actor.centreId, actor: { id: actor.userId, role: actor.role }, request: actor.request };
}

/** Creates a class and its first window of dated sessions. */
export async function createClass(actor: Actor, input: ClassInput, now = new Date()): Promise<string> {
  await checkReferences(db, actor.centreId, input);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("classes")
      .values({ centre_id: actor.centreId, ...columns(input) })
      .returning("id")
      .executeTakeFirstOrThrow();
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

const SLOT_FIELDS = ["weekday", "startTime", "durationMinutes", "startsOn", "endsOn"] as const;

/** Edits a class; a changed slot or date range replaces its future sessions that have no attendance. */
export async function updateClass(actor: Actor, id: string, input: ClassInput, now = new Date()): Promise<void> {
  const before = await classRecord(db, actor.centreId, id);
  if (!before) throw new NotFoundError(t("classes.error.classNotFound"));
  await checkReferences(db, actor.centreId, input);
  await db.transaction().execute(async (trx) => {
    await updateTenant(trx, "classes", actor.centreId)
      .set({ ...columns(input), updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    if (SLOT_FIELDS.some((field) => before[field] !== input[field])) await syncSessions(trx, actor.centre, id, { now });
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

export async function addMember(actor: Actor, classId: string, studentId: string): Promise<void> {
  const klass = await classRecord(db, actor.centreId, classId);
  if (!klass) throw new NotFoundError(t("classes.error.classNotFound"));
  if (!(await personHasRole(db, actor.centreId, studentId, ["student"])))
    throw new ValidationError({ studentId: t("classes.form.studentNotHere") });
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto("class_members")
      .values({ centre_id: actor.centreId, class_id: classId, student_id: studentId })
      .onConflict((conflict) => conflict.columns(["centre_id", "class_id", "student_id"]).doNothing())
      .returning("joined_at")
      .executeTakeFirst();
    // Adding someone already in the class changes nothing, so there is nothing to audit.
    if (!added) return;
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.member_add",
      target: { type: "student", id: studentId },
      before: { classId, className: klass.name, member: false },
      after: { classId, className: klass.name, member: true, joinedAt: added.joined_at },
    });
  });
}

export async function removeMember(actor: Actor, classId: string, studentId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await deleteFromTenant(trx, "class_members", actor.centreId)
      .where("class_id", "=", classId)
      .where("student_id", "=", studentId)
      .returning("joined_at")
      .executeTakeFirst();
    if (!removed) throw new NotFoundError(t("classes.error.studentNotInClass"));
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.member_remove",
      target: { type: "student", id: studentId },
      before: { classId, member: true, joinedAt: removed.joined_at },
      after: { classId, member: false },
    });
  });
}
