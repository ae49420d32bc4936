import type { Kysely } from "kysely";
import { type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
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

const EXPORT_KEY: KeyPart[] = [
  { column: "exports.created_at", kind: "time" },
  { column: "exports.id", kind: "uuid" },
];

/** The centre's exports, newest first, by keyset after or before an export (exports_centre_created_idx). */
export async function exportsPage(
  db: Kysely<Database>,
  centreId: CentreId,
  at: PageAt,
): Promise<KeysetPage<ExportRow>> {
  const page = await keysetPage(
    exportsOf(db, centreId).select(keyText(EXPORT_KEY[0] as KeyPart).as("sortAt")),
    EXPORT_KEY,
    (row) => [row.sortAt, row.id],
    at,
    EXPORTS_PAGE_SIZE,
    "desc",
  );
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
}
