import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { cachePart, invalidateParts } from "../../platform/cache";
import { db } from "../../platform/db";
import type { Database } from "../../platform/db/schema";
import { NotFoundError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { type CentreId, deleteFromTenant, updateTenant } from "../../platform/tenancy";
import { auditBase } from "./audit";
import { type ClassRecord, classRecord, studentsWithRole } from "./queries";

/**
 * Who is in a class: class_members holds who is in it now (what rosters, homework and access
 * read); class_memberships keeps every stay, joined_at … left_at, so leaving or moving never
 * loses when someone was in a class. Attendance rows are never touched.
 */

async function classOrNotFound(centreId: CentreId, classId: string): Promise<ClassRecord> {
  const klass = await classRecord(db, centreId, classId);
  if (!klass) throw new NotFoundError(t("classes.error.classNotFound"));
  return klass;
}

/** Puts a student in a class; false when they were in it already. */
async function join(trx: Kysely<Database>, centreId: CentreId, classId: string, studentId: string, at: Date) {
  const added = await trx
    .insertInto("class_members")
    .values({ centre_id: centreId, class_id: classId, student_id: studentId })
    .onConflict((conflict) => conflict.columns(["centre_id", "class_id", "student_id"]).doNothing())
    .returning("joined_at")
    .executeTakeFirst();
  if (!added) return false;
  await trx
    .insertInto("class_memberships")
    .values({ centre_id: centreId, class_id: classId, student_id: studentId, joined_at: at })
    .execute();
  return true;
}

/** Takes a student out of a class, closing their stay; undefined when they were not in it. */
async function leave(trx: Kysely<Database>, centreId: CentreId, classId: string, studentId: string, at: Date) {
  const removed = await deleteFromTenant(trx, "class_members", centreId)
    .where("class_id", "=", classId)
    .where("student_id", "=", studentId)
    .returning("joined_at")
    .executeTakeFirst();
  if (!removed) return undefined;
  await updateTenant(trx, "class_memberships", centreId)
    .set({ left_at: at })
    .where("class_id", "=", classId)
    .where("student_id", "=", studentId)
    .where("left_at", "is", null)
    .execute();
  return removed.joined_at;
}

/** Who is in a class shows on its markbook, its tutor's dashboard and the students' own (after commit). */
function membershipChanged(centreId: CentreId, classIds: string[], studentIds: string[]): Promise<void> {
  return invalidateParts(redis, centreId, [...classIds.map(cachePart.class), ...studentIds.map(cachePart.student)]);
}

async function assertStudents(centreId: CentreId, studentIds: string[], field: string) {
  const found = new Set(await studentsWithRole(db, centreId, studentIds));
  if (studentIds.some((id) => !found.has(id))) throw new ValidationError({ [field]: t("classes.form.studentNotHere") });
}

/** Adds the students to the class in one transaction; those already in it are left as they are. Returns how many joined. */
export async function addMembers(actor: Actor, classId: string, studentIds: string[]): Promise<number> {
  const klass = await classOrNotFound(actor.centreId, classId);
  const unique = [...new Set(studentIds)];
  await assertStudents(actor.centreId, unique, "studentIds");
  const joined = await db.transaction().execute(async (trx) => {
    const now = new Date();
    let joined = 0;
    for (const studentId of unique) {
      // Adding someone already in the class changes nothing, so there is nothing to audit.
      if (!(await join(trx, actor.centreId, classId, studentId, now))) continue;
      joined += 1;
      await recordAudit(trx, {
        ...auditBase(actor),
        action: "class.member_add",
        target: { type: "student", id: studentId },
        before: { classId, className: klass.name, member: false },
        after: { classId, className: klass.name, member: true, joinedAt: now },
      });
    }
    return joined;
  });
  if (joined > 0) await membershipChanged(actor.centreId, [classId], unique);
  return joined;
}

export async function addMember(actor: Actor, classId: string, studentId: string): Promise<void> {
  await classOrNotFound(actor.centreId, classId);
  await assertStudents(actor.centreId, [studentId], "studentId");
  await addMembers(actor, classId, [studentId]);
}

export async function removeMember(actor: Actor, classId: string, studentId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const joinedAt = await leave(trx, actor.centreId, classId, studentId, new Date());
    if (!joinedAt) throw new NotFoundError(t("classes.error.studentNotInClass"));
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.member_remove",
      target: { type: "student", id: studentId },
      before: { classId, member: true, joinedAt },
      after: { classId, member: false },
    });
  });
  await membershipChanged(actor.centreId, [classId], [studentId]);
}

/**
 * Moves a student from one class to another at one instant: their stay in the first closes, one
 * in the second opens, and their attendance in the first stays where it was.
 */
export async function moveMember(actor: Actor, fromClassId: string, studentId: string, toClassId: string) {
  if (fromClassId === toClassId) throw new ValidationError({ toClassId: t("classes.move.sameClass") });
  const [from, to] = await Promise.all([
    classOrNotFound(actor.centreId, fromClassId),
    classRecord(db, actor.centreId, toClassId),
  ]);
  if (to?.status !== "active") throw new ValidationError({ toClassId: t("classes.move.chooseClass") });
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    const joinedAt = await leave(trx, actor.centreId, fromClassId, studentId, now);
    if (!joinedAt) throw new NotFoundError(t("classes.error.studentNotInClass"));
    if (!(await join(trx, actor.centreId, toClassId, studentId, now)))
      throw new ValidationError({ toClassId: t("classes.move.alreadyThere", { name: to.name }) });
    await recordAudit(trx, {
      ...auditBase(actor),
      action: "class.member_move",
      target: { type: "student", id: studentId },
      before: { classId: from.id, className: from.name, joinedAt },
      after: { classId: to.id, className: to.name, joinedAt: now },
    });
  });
  await membershipChanged(actor.centreId, [fromClassId, toClassId], [studentId]);
}
