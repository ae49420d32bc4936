import { type ImportProgressData, importStatusLabel } from "../../../views/paper/imports";
import { formatDateTime } from "../../platform/i18n";
import type { ImportRow } from "./queries";

/** An import's progress as the paper views render it: in the current language and the centre's time zone. */
export function toProgress(row: ImportRow): ImportProgressData {
  return {
    id: row.id,
    status: row.status,
    statusLabel: importStatusLabel(row.status),
    pagesTotal: row.pagesTotal,
    pagesDone: row.pagesFiled + row.pagesReview,
    pagesFiled: row.pagesFiled,
    pagesReview: row.pagesReview,
    running: row.status === "queued" || row.status === "processing",
    uploaderName: row.uploaderName,
    createdAt: formatDateTime(row.createdAt),
  };
}
