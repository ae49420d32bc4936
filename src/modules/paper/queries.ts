import type { Kysely } from "kysely";
import { type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import { indexedValue } from "../../platform/db/partial-index";
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

const IMPORT_KEY: KeyPart[] = [
  { column: "scan_imports.created_at", kind: "time" },
  { column: "scan_imports.id", kind: "uuid" },
];

/** The centre's imports, newest first, by keyset after or before an import (scan_imports_centre_created_idx). */
export async function importsPage(
  db: Kysely<Database>,
  centreId: CentreId,
  at: PageAt,
): Promise<KeysetPage<ImportRow>> {
  const page = await keysetPage(
    imports(db, centreId).select(keyText(IMPORT_KEY[0] as KeyPart).as("sortAt")),
    IMPORT_KEY,
    (row) => [row.sortAt, row.id],
    at,
    IMPORTS_PAGE_SIZE,
    "desc",
  );
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
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

const REVIEW_KEY: KeyPart[] = [
  { column: "scan_pages.created_at", kind: "time" },
  { column: "scan_pages.id", kind: "uuid" },
];

/**
 * Pages waiting for a person, oldest first (the review queue), by keyset after or before a page
 * through the partial index scan_pages_centre_review_idx: a page filed meanwhile shifts nothing.
 */
export async function pagesNeedingReview(
  db: Kysely<Database>,
  centreId: CentreId,
  at: PageAt,
): Promise<KeysetPage<ScanPageRow>> {
  const page = await keysetPage(
    selectFromTenant(db, "scan_pages", centreId)
      .where("scan_pages.status", "=", indexedValue("needs_review"))
      .select([...pageColumns, keyText(REVIEW_KEY[0] as KeyPart).as("sortAt")]),
    REVIEW_KEY,
    (row) => [row.sortAt, row.id],
    at,
    REVIEW_PAGE_SIZE,
  );
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
}

export function pagesOfImport(db: Kysely<Database>, centreId: CentreId, importId: string): Promise<ScanPageRow[]> {
  return selectFromTenant(db, "scan_pages", centreId)
    .where("scan_pages.import_id", "=", importId)
    .select(pageColumns)
    .orderBy("scan_pages.page_index")
    .execute();
}
