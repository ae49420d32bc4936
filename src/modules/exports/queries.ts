import type { Kysely } from "kysely";
import type { Database, ExportKind, ExportStatus } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EXPORTS_PAGE_SIZE = 20;

export interface ExportRow {
  id: string;
  kind: ExportKind;
  params: unknown;
  status: ExportStatus;
  rowsWritten: number;
  fileId: string | null;
  requestedBy: string;
  requesterName: string;
  /** The requester's own language, if they chose one (else the centre's applies). */
  requesterLocale: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

function exportsOf(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "exports", centreId)
    .innerJoin("users", tenantJoin("users.id", "exports.requested_by"))
    .select([
      "exports.id",
      "exports.kind",
      "exports.params",
      "exports.status",
      "exports.rows_written as rowsWritten",
      "exports.file_id as fileId",
      "exports.requested_by as requestedBy",
      "users.name as requesterName",
      "users.locale as requesterLocale",
      "exports.created_at as createdAt",
      "exports.finished_at as finishedAt",
      "exports.error",
    ]);
}

export async function exportInCentre(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
): Promise<ExportRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return exportsOf(db, centreId).where("exports.id", "=", id).executeTakeFirst();
}

/** The centre's exports, newest first; one extra row tells whether there is a next page. */
export function exportsPage(db: Kysely<Database>, centreId: CentreId, page: number): Promise<ExportRow[]> {
  return exportsOf(db, centreId)
    .orderBy("exports.created_at", "desc")
    .orderBy("exports.id")
    .limit(EXPORTS_PAGE_SIZE + 1)
    .offset((page - 1) * EXPORTS_PAGE_SIZE)
    .execute();
}
