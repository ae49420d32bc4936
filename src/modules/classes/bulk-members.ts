import type { Kysely } from "kysely";
import { recordAuditBatch } from "../../platform/audit";
import type { Database } from "../../platform/db/schema";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

/** An active class as a bulk import names it: by its name. */
export interface ClassChoice {
  id: string;
  name: string;
}

export function activeClassNames(executor: Kysely<Database>, centreId: CentreId): Promise<ClassChoice[]> {
  return selectFromTenant(executor, "classes", centreId)
    .where("status", "=", "active")
    .select(["id", "name"])
    .orderBy("name")
    .execute();
}

export interface Membership {
  classId: string;
  studentId: string;
}

/** Which of these students are in which classes now. */
export async function membershipsOf(
  executor: Kysely<Database>,
  centreId: CentreId,
  studentIds: string[],
): Promise<Membership[]> {
  if (studentIds.length === 0) return [];
  return selectFromTenant(executor, "class_members", centreId)
    .where("student_id", "in", studentIds)
    .select(["class_id as classId", "student_id as studentId"])
    .execute();
}

/**
 * Adds many students to classes inside the caller's transaction (a bulk import): one insert, and
 * one `class.member_add` audit row for each membership that is new, as addMember writes. Someone
 * already in the class is left as they are. The caller has checked the classes and students
 * belong to the actor's centre. Returns how many memberships were new.
 */
export async function addMembersInTransaction(
  trx: Kysely<Database>,
  actor: Actor,
  memberships: (Membership & { className: string })[],
): Promise<number> {
  if (memberships.length === 0) return 0;
  const names = new Map(memberships.map((membership) => [membership.classId, membership.className]));
  const added = await trx
    .insertInto("class_members")
    .values(
      memberships.map(({ classId, studentId }) => ({
        centre_id: actor.centreId,
        class_id: classId,
        student_id: studentId,
      })),
    )
    .onConflict((conflict) => conflict.columns(["centre_id", "class_id", "student_id"]).doNothing())
    .returning(["class_id", "student_id", "joined_at"])
    .execute();
  await recordAuditBatch(
    trx,
    added.map((row) => ({
      centreId: actor.centreId,
      actor: { id: actor.userId, role: actor.role },
      request: actor.request,
      action: "class.member_add" as const,
      target: { type: "student", id: row.student_id },
      before: { classId: row.class_id, className: names.get(row.class_id), member: false },
      after: { classId: row.class_id, className: names.get(row.class_id), member: true, joinedAt: row.joined_at },
    })),
  );
  return added.length;
}
