import { IMPORT_STATUS_LABELS, type ImportProgressData } from "../../../views/paper/imports";
import type { ImportRow } from "./queries";

/** An import's progress as the paper views render it, times in the centre's zone. */
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
