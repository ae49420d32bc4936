import type { ExportKind, ExportStatus } from "../../platform/db/schema";
import type { ExportRow } from "./queries";
import type { ExportRange } from "./rows";

/** Plain data the exports views render. */

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  attendance: "Attendance",
  homework_completion: "Homework completion",
  marks: "Marks",
  xp: "XP",
};

export const EXPORT_KINDS = Object.keys(EXPORT_KIND_LABELS) as ExportKind[];

export const EXPORT_STATUS_LABELS: Record<ExportStatus, string> = {
  queued: "Waiting to start",
  running: "Writing rows",
  done: "Ready",
  failed: "Failed",
};

export interface ExportSummary {
  id: string;
  kindLabel: string;
  range: string;
  status: ExportStatus;
  statusLabel: string;
  rowsWritten: number;
  running: boolean;
  requesterName: string;
  createdAt: string;
  /** Where the finished CSV is fetched (through the audited download route). */
  downloadPath: string | null;
  error: string | null;
}

export function rangeOf(params: unknown): ExportRange {
  const value = (params ?? {}) as Partial<ExportRange>;
  return { from: String(value.from ?? ""), to: String(value.to ?? "") };
}

export function toSummary(row: ExportRow, timeZone: string): ExportSummary {
  const range = rangeOf(row.params);
  return {
    id: row.id,
    kindLabel: EXPORT_KIND_LABELS[row.kind],
    range: range.from === range.to ? range.from : `${range.from} to ${range.to}`,
    status: row.status,
    statusLabel: EXPORT_STATUS_LABELS[row.status],
    rowsWritten: row.rowsWritten,
    running: row.status === "queued" || row.status === "running",
    requesterName: row.requesterName,
    createdAt: row.createdAt.toLocaleString("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }),
    downloadPath: row.status === "done" && row.fileId ? `/exports/${row.id}/download` : null,
    error: row.error,
  };
}

/** The live region (and SSE event) carrying one export's status. */
export function statusEvent(exportId: string): string {
  return `export-${exportId}`;
}
