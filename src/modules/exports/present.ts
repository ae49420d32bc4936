import { type ExportSummary, exportKindLabel, exportStatusLabel } from "../../../views/exports/exports";
import { formatDateTime, formatLocalDate, isLocale, type Localisation, SOURCE_LOCALE, t } from "../../platform/i18n";
import type { ExportRow } from "./queries";
import type { CsvExportKind, ExportRange } from "./rows";

/** What can be asked for on the exports page. */
export const EXPORT_KINDS: CsvExportKind[] = ["attendance", "homework_completion", "marks", "xp"];

/**
 * Why an export failed, stored as a message key and shown in the reader's language; rows written
 * before exports were localised hold English text, shown as stored.
 */
const FAILURES = ["exports.error.tooLarge", "exports.error.failed"] as const;
export type FailureKey = (typeof FAILURES)[number];

function failureText(error: string): string {
  const key = FAILURES.find((known) => known === error);
  return key ? t(key) : error;
}

export function rangeOf(params: unknown): ExportRange {
  const value = (params ?? {}) as Partial<ExportRange>;
  return { from: String(value.from ?? ""), to: String(value.to ?? "") };
}

/** A stored "YYYY-MM-DD" shown as a date; anything else (never written by us) as it is. */
function dayText(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatLocalDate(day) : day;
}

/** The requester's language (their own, else the centre's) and the centre's clock. */
export function requesterLocalisation(
  row: Pick<ExportRow, "requesterLocale">,
  centre: { locale: Localisation["locale"]; timeZone: string } | null,
): Localisation {
  const own = row.requesterLocale;
  return { locale: isLocale(own) ? own : (centre?.locale ?? SOURCE_LOCALE), timeZone: centre?.timeZone ?? "UTC" };
}

/** Term reports are fetched where head tutors work with them (the reports module), CSVs here. */
function downloadPathOf(row: ExportRow): string {
  return row.kind === "term_reports" ? `/reports/batches/${row.id}/download` : `/exports/${row.id}/download`;
}

/** An export as the views show it, in the current language and the centre's time zone. */
export function toSummary(row: ExportRow): ExportSummary {
  const range = rangeOf(row.params);
  return {
    id: row.id,
    kindLabel: exportKindLabel(row.kind),
    range:
      range.from === range.to
        ? dayText(range.from)
        : t("exports.range", { from: dayText(range.from), to: dayText(range.to) }),
    status: row.status,
    statusLabel: exportStatusLabel(row.status),
    rowsWritten: row.rowsWritten,
    running: row.status === "queued" || row.status === "running",
    requesterName: row.requesterName,
    createdAt: formatDateTime(row.createdAt),
    downloadPath: row.status === "done" && row.fileId ? downloadPathOf(row) : null,
    error: row.error === null ? null : failureText(row.error),
  };
}
