import type { Kysely } from "kysely";
import type { Database, Role } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

/** What an import compares a row with: the centre's students with these codes (any case). */
export interface ExistingStudent {
  id: string;
  name: string;
  studentCode: string;
  dateOfBirthSealed: string | null;
}

export async function studentsWithCodes(
  executor: Kysely<Database>,
  centreId: CentreId,
  codes: string[],
): Promise<ExistingStudent[]> {
  if (codes.length === 0) return [];
  const rows = await selectFromTenant(executor, "users", centreId)
    .where("student_code", "in", codes)
    .select(["id", "name", "student_code", "date_of_birth_encrypted"])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    studentCode: row.student_code ?? "",
    dateOfBirthSealed: row.date_of_birth_encrypted,
  }));
}

/** People of the centre found by the blind index of their email. */
export function peopleWithEmailLookups(
  executor: Kysely<Database>,
  centreId: CentreId,
  lookups: string[],
): Promise<{ id: string; role: Role; name: string; emailLookup: string | null }[]> {
  if (lookups.length === 0) return Promise.resolve([]);
  return selectFromTenant(executor, "users", centreId)
    .where("email_lookup", "in", lookups)
    .select(["id", "role", "name", "email_lookup as emailLookup"])
    .execute();
}

/** Which of these students have which parents now. */
export function guardianshipsOf(
  executor: Kysely<Database>,
  centreId: CentreId,
  studentIds: string[],
): Promise<{ parentId: string; studentId: string }[]> {
  if (studentIds.length === 0) return Promise.resolve([]);
  return selectFromTenant(executor, "guardianships", centreId)
    .where("student_id", "in", studentIds)
    .select(["parent_id as parentId", "student_id as studentId"])
    .execute();
}
