import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

/** Who an announcement is addressed to, as the poster chose it. */
export type Audience = { kind: "centre" } | { kind: "parents" } | { kind: "class"; classId: string };

/**
 * The people an audience reaches, as a query over the centre's active accounts (never the
 * author, who wrote it):
 * - "centre": everyone at the centre — staff, parents and students;
 * - "parents": every parent;
 * - "class": the class's students, their parents, and the class's tutor.
 * Invited people who have not signed up yet, and disabled ones, are not reached.
 */
function reachedBy(trx: Kysely<Database>, centreId: CentreId, audience: Audience, authorId: string) {
  const people = selectFromTenant(trx, "users", centreId)
    .where("users.status", "=", "active")
    .where("users.id", "!=", authorId);
  if (audience.kind === "centre") return people;
  if (audience.kind === "parents") return people.where("users.role", "=", "parent");
  const { classId } = audience;
  const students = selectFromTenant(trx, "class_members", centreId)
    .where("class_members.class_id", "=", classId)
    .select("class_members.student_id");
  const parents = selectFromTenant(trx, "guardianships", centreId)
    .innerJoin("class_members", tenantJoin("class_members.student_id", "guardianships.student_id"))
    .where("class_members.class_id", "=", classId)
    .select("guardianships.parent_id");
  const tutor = selectFromTenant(trx, "classes", centreId).where("classes.id", "=", classId).select("classes.tutor_id");
  return people.where((eb) =>
    eb.or([
      eb.and([eb("users.role", "=", "student"), eb("users.id", "in", students)]),
      eb.and([eb("users.role", "=", "parent"), eb("users.id", "in", parents)]),
      eb("users.id", "in", tutor),
    ]),
  );
}

/**
 * Records one recipient row per person the audience reaches, inside the posting transaction:
 * a single INSERT … SELECT, so even a whole centre costs the request one statement. Returns how
 * many were reached.
 */
export async function recordRecipients(
  trx: Kysely<Database>,
  centreId: CentreId,
  announcementId: string,
  audience: Audience,
  authorId: string,
): Promise<number> {
  const result = await trx
    .insertInto("announcement_recipients")
    .columns(["centre_id", "announcement_id", "user_id"])
    .expression(
      reachedBy(trx, centreId, audience, authorId).select([
        sql<string>`${centreId}::uuid`.as("centre_id"),
        sql<string>`${announcementId}::uuid`.as("announcement_id"),
        "users.id as user_id",
      ]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}
