import type { ScanImportStatus } from "../../src/platform/db/schema";
import { CsrfField, Notice } from "../components/form";
import { LiveRegion } from "../components/live";
import { Pager } from "../components/pager";
import { type Column, Table } from "../components/table";

export const IMPORT_STATUS_LABELS: Record<ScanImportStatus, string> = {
  queued: "Waiting to start",
  processing: "Reading pages",
  done: "Finished",
  failed: "Failed",
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

/** The live region (and SSE event) that carries one import's progress. */
export function progressEvent(importId: string): string {
  return `scan-${importId}`;
}

/** How far an import has got; the worker sends a new one over the live stream after every page. */
export function ImportProgress({ progress }: { progress: ImportProgressData }) {
  const total = progress.pagesTotal || undefined;
  return (
    <div class="stack" data-status={progress.status}>
      <p>
        <strong>{progress.statusLabel}</strong>
        {progress.pagesTotal > 0 && ` · ${progress.pagesDone} of ${progress.pagesTotal} pages`}
      </p>
      {progress.running && (
        <progress max={total} value={total ? progress.pagesDone : undefined} aria-label="Pages read">
          {progress.pagesDone}
        </progress>
      )}
      <p>
        {progress.pagesFiled} filed on students' work · {progress.pagesReview} waiting for review
      </p>
      {!progress.running && progress.pagesReview > 0 && (
        <p>
          <a href="/paper/review">Review the pages that could not be filed</a>
        </p>
      )}
    </div>
  );
}

export function ImportView({ progress }: { progress: ImportProgressData }) {
  return (
    <div class="stack">
      <h1>Scan import</h1>
      <p class="muted">
        Uploaded by {progress.uploaderName}, {progress.createdAt}.
      </p>
      <section aria-live="polite" aria-label="Progress">
        <LiveRegion name={progressEvent(progress.id)} block>
          <ImportProgress progress={progress} />
        </LiveRegion>
      </section>
      <p>
        <a href={`/paper/imports/${progress.id}`}>Refresh</a> · <a href="/paper/imports">All imports</a>
      </p>
    </div>
  );
}

export interface ImportsViewProps {
  imports: ImportProgressData[];
  page: number;
  hasMore: boolean;
  csrfToken: string;
  error?: string;
  featureOff: boolean;
}

function ImportForm({ csrfToken, error }: { csrfToken: string; error?: string }) {
  return (
    <form method="post" action="/paper/imports" enctype="multipart/form-data" class="card stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for="import-files">Scanned worksheets</label>
        <p class="muted" id="import-files-hint">
          One PDF from the copier, or photos of the pages (JPEG or PNG), up to 100 MB in all.
        </p>
        <input
          id="import-files"
          name="files"
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          multiple
          required
          aria-describedby={error ? "import-files-hint import-files-error" : "import-files-hint"}
          aria-invalid={error ? "true" : undefined}
        />
        {error && (
          <p class="field-error" id="import-files-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit">Import</button>
    </form>
  );
}

const IMPORT_COLUMNS: Column<ImportProgressData>[] = [
  { header: "Uploaded", cell: (row) => <a href={`/paper/imports/${row.id}`}>{row.createdAt}</a> },
  { header: "By", cell: (row) => row.uploaderName },
  { header: "Status", cell: (row) => row.statusLabel },
  { header: "Pages", cell: (row) => `${row.pagesFiled} filed, ${row.pagesReview} to review` },
];

export function ImportsView(props: ImportsViewProps) {
  return (
    <div class="stack">
      <h1>Scan imports</h1>
      {props.featureOff ? (
        <Notice>QR worksheets are switched off for this centre. The owner can switch them on in the settings.</Notice>
      ) : (
        <ImportForm csrfToken={props.csrfToken} error={props.error} />
      )}
      <p>
        <a href="/paper/review">Pages waiting for review</a>
      </p>
      <Table rows={props.imports} columns={IMPORT_COLUMNS} empty={<p class="muted">No scans imported yet.</p>} />
      <Pager
        page={props.page}
        hasMore={props.hasMore}
        href={(page) => `/paper/imports?page=${page}`}
        previousLabel="Newer"
        nextLabel="Older"
      />
    </div>
  );
}
