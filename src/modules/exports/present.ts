import { EXPORT_KIND_LABELS, EXPORT_STATUS_LABELS, type ExportSummary } from "../../../views/exports/exports";
import type { ExportKind } from "../../platform/db/schema";
import type { ExportRow } from "./queries";
import type { ExportRange } from "./rows";

/** What can be exported: every kind the view has a name for. */
export const EXPORT_KINDS = Object.keys(EXPORT_KIND_LABELS) as ExportKind[];

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
