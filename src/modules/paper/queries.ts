import type { Kysely } from "kysely";
import type { Database, ScanImportStatus, ScanPageReason, ScanPageStatus } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const IMPORTS_PAGE_SIZE = 20;
export const REVIEW_PAGE_SIZE = 12;

export interface ImportRow {
  id: string;
  fileId: string;
  uploadedBy: string;
  uploaderName: string;
  status: ScanImportStatus;
  pagesTotal: number;
  pagesFiled: number;
  pagesReview: number;
  createdAt: Date;
  finishedAt: Date | null;
}

function imports(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "scan_imports", centreId)
    .innerJoin("users", tenantJoin("users.id", "scan_imports.uploaded_by"))
    .select([
      "scan_imports.id",
      "scan_imports.file_id as fileId",
      "scan_imports.uploaded_by as uploadedBy",
      "users.name as uploaderName",
      "scan_imports.status",
      "scan_imports.pages_total as pagesTotal",
      "scan_imports.pages_filed as pagesFiled",
      "scan_imports.pages_review as pagesReview",
      "scan_imports.created_at as createdAt",
      "scan_imports.finished_at as finishedAt",
    ]);
}

export async function importInCentre(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
): Promise<ImportRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return imports(db, centreId).where("scan_imports.id", "=", id).executeTakeFirst();
}

/** The centre's imports, newest first; one extra row tells whether there is a next page. */
export function importsPage(db: Kysely<Database>, centreId: CentreId, page: number): Promise<ImportRow[]> {
  return imports(db, centreId)
    .orderBy("scan_imports.created_at", "desc")
    .orderBy("scan_imports.id")
    .limit(IMPORTS_PAGE_SIZE + 1)
    .offset((page - 1) * IMPORTS_PAGE_SIZE)
    .execute();
}

export interface ScanPageRow {
  id: string;
  importId: string;
  pageIndex: number;
  fileId: string;
  status: ScanPageStatus;
  reason: ScanPageReason | null;
  pageNumber: number | null;
  createdAt: Date;
}

const pageColumns = [
  "scan_pages.id",
  "scan_pages.import_id as importId",
  "scan_pages.page_index as pageIndex",
  "scan_pages.file_id as fileId",
  "scan_pages.status",
  "scan_pages.reason",
  "scan_pages.page_number as pageNumber",
  "scan_pages.created_at as createdAt",
] as const;

export async function scanPageInCentre(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
): Promise<ScanPageRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return selectFromTenant(db, "scan_pages", centreId)
    .where("scan_pages.id", "=", id)
    .select(pageColumns)
    .executeTakeFirst();
}

/** Pages waiting for a person, oldest first (the review queue). */
export function pagesNeedingReview(db: Kysely<Database>, centreId: CentreId, page: number): Promise<ScanPageRow[]> {
  return selectFromTenant(db, "scan_pages", centreId)
    .where("scan_pages.status", "=", "needs_review")
    .select(pageColumns)
    .orderBy("scan_pages.created_at")
    .orderBy("scan_pages.id")
    .limit(REVIEW_PAGE_SIZE + 1)
    .offset((page - 1) * REVIEW_PAGE_SIZE)
    .execute();
}

export function pagesOfImport(db: Kysely<Database>, centreId: CentreId, importId: string): Promise<ScanPageRow[]> {
  return selectFromTenant(db, "scan_pages", centreId)
    .where("scan_pages.import_id", "=", importId)
    .select(pageColumns)
    .orderBy("scan_pages.page_index")
    .execute();
}
