import type { ScanImportStatus, ScanPageReason } from "../../platform/db/schema";
import type { ImportRow } from "./queries";

/** Plain data the paper views render. */

export const IMPORT_STATUS_LABELS: Record<ScanImportStatus, string> = {
  queued: "Waiting to start",
  processing: "Reading pages",
  done: "Finished",
  failed: "Failed",
};

export const REASON_LABELS: Record<ScanPageReason, string> = {
  no_code: "No code could be read on this page",
  bad_signature: "The code on this page is damaged or was altered",
  foreign: "This page belongs to another centre or to homework no longer set",
  no_submission: "This student no longer has this homework",
};

export interface ImportProgressData {
  id: string;
  status: ScanImportStatus;
  statusLabel: string;
  pagesTotal: number;
  pagesDone: number;
  pagesFiled: number;
  pagesReview: number;
  running: boolean;
  uploaderName: string;
  createdAt: string;
}

export function toProgress(row: ImportRow, timeZone: string): ImportProgressData {
  return {
    id: row.id,
    status: row.status,
    statusLabel: IMPORT_STATUS_LABELS[row.status],
    pagesTotal: row.pagesTotal,
    pagesDone: row.pagesFiled + row.pagesReview,
    pagesFiled: row.pagesFiled,
    pagesReview: row.pagesReview,
    running: row.status === "queued" || row.status === "processing",
    uploaderName: row.uploaderName,
    createdAt: row.createdAt.toLocaleString("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }),
  };
}

/** The live region (and SSE event) that carries one import's progress. */
export function progressEvent(importId: string): string {
  return `scan-${importId}`;
}

export function pageLabel(pageNumber: number | null): string {
  if (pageNumber === null) return "Photo";
  return pageNumber === 0 ? "Cover" : `Page ${pageNumber}`;
}
