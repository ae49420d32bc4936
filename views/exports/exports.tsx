import type { ExportKind, ExportStatus } from "../../src/platform/db/schema";
import { formatNumber, type MessageKey, t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";
import { LiveRegion } from "../components/live";
import { LinksPager, type ListLinks } from "../components/pager";
import { Table } from "../components/table";

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

const KIND_LABELS: Record<ExportKind, MessageKey> = {
  attendance: "exports.kind.attendance",
  homework_completion: "exports.kind.homework_completion",
  marks: "exports.kind.marks",
  xp: "exports.kind.xp",
  term_reports: "exports.kind.term_reports",
};

const STATUS_LABELS: Record<ExportStatus, MessageKey> = {
  queued: "exports.status.queued",
  running: "exports.status.running",
  done: "exports.status.done",
  failed: "exports.status.failed",
};

export function exportKindLabel(kind: ExportKind): string {
  return t(KIND_LABELS[kind]);
}

export function exportStatusLabel(status: ExportStatus): string {
  return t(STATUS_LABELS[status]);
}

/** The live region (and SSE event) carrying one export's status. */
export function statusEvent(exportId: string): string {
  return `export-${exportId}`;
}

/** One export's status; the worker sends a fresh one over the live stream as rows are written. */
export function ExportStatusView({ summary }: { summary: ExportSummary }) {
  return (
    <span data-status={summary.status}>
      <strong>{summary.statusLabel}</strong> · {t("exports.rows", { count: summary.rowsWritten })}
      {summary.running && <progress aria-label={t("exports.inProgress")}>{formatNumber(summary.rowsWritten)}</progress>}
      {summary.downloadPath && (
        <>
          {" · "}
          <a href={summary.downloadPath}>{t("exports.download")}</a>
        </>
      )}
      {summary.error && <span class="field-error"> {summary.error}</span>}
    </span>
  );
}

function LiveStatus({ summary }: { summary: ExportSummary }) {
  return (
    <LiveRegion name={statusEvent(summary.id)}>
      <ExportStatusView summary={summary} />
    </LiveRegion>
  );
}

export function ExportView({ summary }: { summary: ExportSummary }) {
  return (
    <div class="stack">
      <h1>{t("exports.heading", { kind: summary.kindLabel, range: summary.range })}</h1>
      <p class="muted">{t("exports.requestedBy", { name: summary.requesterName, at: summary.createdAt })}</p>
      <section aria-live="polite" aria-label={t("exports.table.status")}>
        <LiveStatus summary={summary} />
      </section>
      <p>
        <a href={`/exports/${summary.id}`}>{t("exports.refresh")}</a> · <a href="/exports">{t("exports.all")}</a>
      </p>
    </div>
  );
}

export interface ExportFormValues {
  kind: string;
  from: string;
  to: string;
}

export interface ExportsViewProps {
  exports: ExportSummary[];
  kinds: SelectOption[];
  values: ExportFormValues;
  errors: Record<string, string>;
  canRequest: boolean;
  /** The pages either side (newer, older). */
  links: ListLinks;
  csrfToken: string;
}

function ExportForm(props: ExportsViewProps) {
  const { values, errors } = props;
  return (
    <form method="post" action="/exports" class="card stack">
      <CsrfField token={props.csrfToken} />
      <h2>{t("exports.new")}</h2>
      {errors.form && <Notice kind="error">{errors.form}</Notice>}
      <Select
        name="kind"
        label={t("exports.form.kind")}
        options={props.kinds}
        value={values.kind}
        error={errors.kind}
      />
      <Field name="from" label={t("exports.form.from")} type="date" value={values.from} error={errors.from} required />
      <Field name="to" label={t("exports.form.to")} type="date" value={values.to} error={errors.to} required />
      <button type="submit">{t("exports.form.submit")}</button>
    </form>
  );
}

export function ExportsView(props: ExportsViewProps) {
  return (
    <div class="stack">
      <h1>{t("exports.title")}</h1>
      <p class="muted">{t("exports.intro")}</p>
      {props.canRequest && <ExportForm {...props} />}
      <h2>{t("exports.recent")}</h2>
      <Table
        rows={props.exports}
        empty={<p class="muted">{t("exports.empty")}</p>}
        columns={[
          { header: t("exports.table.requested"), cell: (row) => <a href={`/exports/${row.id}`}>{row.createdAt}</a> },
          { header: t("exports.table.export"), cell: (row) => row.kindLabel },
          { header: t("exports.table.dates"), cell: (row) => row.range },
          { header: t("exports.table.by"), cell: (row) => row.requesterName },
          { header: t("exports.table.status"), cell: (row) => <LiveStatus summary={row} /> },
        ]}
      />
      <LinksPager links={props.links} previousLabel={t("common.pager.newer")} nextLabel={t("common.pager.older")} />
    </div>
  );
}
