import type { ExportKind, ExportStatus } from "../../src/platform/db/schema";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";
import { LiveRegion } from "../components/live";
import { Pager } from "../components/pager";
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

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  attendance: "Attendance",
  homework_completion: "Homework completion",
  marks: "Marks",
  xp: "XP",
};

export const EXPORT_STATUS_LABELS: Record<ExportStatus, string> = {
  queued: "Waiting to start",
  running: "Writing rows",
  done: "Ready",
  failed: "Failed",
};

/** The live region (and SSE event) carrying one export's status. */
export function statusEvent(exportId: string): string {
  return `export-${exportId}`;
}

/** One export's status; the worker sends a fresh one over the live stream as rows are written. */
export function ExportStatusView({ summary }: { summary: ExportSummary }) {
  return (
    <span data-status={summary.status}>
      <strong>{summary.statusLabel}</strong> · {summary.rowsWritten.toLocaleString("en-GB")} rows
      {summary.running && <progress aria-label="Export in progress">{summary.rowsWritten}</progress>}
      {summary.downloadPath && (
        <>
          {" · "}
          <a href={summary.downloadPath}>Download CSV</a>
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
      <h1>
        {summary.kindLabel} export, {summary.range}
      </h1>
      <p class="muted">
        Requested by {summary.requesterName}, {summary.createdAt}.
      </p>
      <section aria-live="polite" aria-label="Status">
        <LiveStatus summary={summary} />
      </section>
      <p>
        <a href={`/exports/${summary.id}`}>Refresh</a> · <a href="/exports">All exports</a>
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
  page: number;
  hasMore: boolean;
  csrfToken: string;
}

function ExportForm(props: ExportsViewProps) {
  const { values, errors } = props;
  return (
    <form method="post" action="/exports" class="card stack">
      <CsrfField token={props.csrfToken} />
      <h2>New export</h2>
      {errors.form && <Notice kind="error">{errors.form}</Notice>}
      <Select name="kind" label="What to export" options={props.kinds} value={values.kind} error={errors.kind} />
      <Field name="from" label="From" type="date" value={values.from} error={errors.from} required />
      <Field name="to" label="To (included)" type="date" value={values.to} error={errors.to} required />
      <button type="submit">Export as CSV</button>
    </form>
  );
}

export function ExportsView(props: ExportsViewProps) {
  return (
    <div class="stack">
      <h1>Exports</h1>
      <p class="muted">CSV files for spreadsheets. Dates are in the centre's time zone; download links last an hour.</p>
      {props.canRequest && <ExportForm {...props} />}
      <h2>Recent exports</h2>
      <Table
        rows={props.exports}
        empty={<p class="muted">No exports yet.</p>}
        columns={[
          { header: "Requested", cell: (row) => <a href={`/exports/${row.id}`}>{row.createdAt}</a> },
          { header: "Export", cell: (row) => row.kindLabel },
          { header: "Dates", cell: (row) => row.range },
          { header: "By", cell: (row) => row.requesterName },
          { header: "Status", cell: (row) => <LiveStatus summary={row} /> },
        ]}
      />
      <Pager
        page={props.page}
        hasMore={props.hasMore}
        href={(page) => `/exports?page=${page}`}
        previousLabel="Newer"
        nextLabel="Older"
      />
    </div>
  );
}
