import type { ScanImportStatus } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";
import { LiveRegion } from "../components/live";
import { LinksPager, type ListLinks } from "../components/pager";
import { type Column, Table } from "../components/table";

/** An import's status in words, in the current language. */
export function importStatusLabel(status: ScanImportStatus): string {
  return t(`paper.importStatus.${status}`);
}

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
        {progress.pagesTotal > 0 &&
          ` · ${t("paper.progress.pagesOf", { done: progress.pagesDone, total: progress.pagesTotal })}`}
      </p>
      {progress.running && (
        <progress max={total} value={total ? progress.pagesDone : undefined} aria-label={t("paper.progress.pagesRead")}>
          {progress.pagesDone}
        </progress>
      )}
      <p>{t("paper.progress.counts", { filed: progress.pagesFiled, review: progress.pagesReview })}</p>
      {!progress.running && progress.pagesReview > 0 && (
        <p>
          <a href="/paper/review">{t("paper.progress.reviewLink")}</a>
        </p>
      )}
    </div>
  );
}

export function ImportView({ progress }: { progress: ImportProgressData }) {
  return (
    <div class="stack">
      <h1>{t("paper.import.title")}</h1>
      <p class="muted">{t("paper.import.uploadedBy", { name: progress.uploaderName, at: progress.createdAt })}</p>
      <section aria-live="polite" aria-label={t("paper.import.progress")}>
        <LiveRegion name={progressEvent(progress.id)} block>
          <ImportProgress progress={progress} />
        </LiveRegion>
      </section>
      <p>
        <a href={`/paper/imports/${progress.id}`}>{t("paper.import.refresh")}</a> ·{" "}
        <a href="/paper/imports">{t("paper.import.all")}</a>
      </p>
    </div>
  );
}

export interface ImportsViewProps {
  imports: ImportProgressData[];
  /** The pages either side. */
  links: ListLinks;
  csrfToken: string;
  error?: string;
  featureOff: boolean;
}

function ImportForm({ csrfToken, error }: { csrfToken: string; error?: string }) {
  return (
    <form method="post" action="/paper/imports" enctype="multipart/form-data" class="card stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for="import-files">{t("paper.imports.filesLabel")}</label>
        <p class="muted" id="import-files-hint">
          {t("paper.imports.filesHint")}
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
      <button type="submit">{t("paper.imports.submit")}</button>
    </form>
  );
}

function importColumns(): Column<ImportProgressData>[] {
  return [
    {
      header: t("paper.imports.column.uploaded"),
      cell: (row) => <a href={`/paper/imports/${row.id}`}>{row.createdAt}</a>,
    },
    { header: t("paper.imports.column.by"), cell: (row) => row.uploaderName },
    { header: t("paper.imports.column.status"), cell: (row) => row.statusLabel },
    {
      header: t("paper.imports.column.pages"),
      cell: (row) => t("paper.imports.pagesCell", { filed: row.pagesFiled, review: row.pagesReview }),
    },
  ];
}

export function ImportsView(props: ImportsViewProps) {
  return (
    <div class="stack">
      <h1>{t("paper.imports.title")}</h1>
      {props.featureOff ? (
        <Notice>{t("paper.imports.featureOff")}</Notice>
      ) : (
        <ImportForm csrfToken={props.csrfToken} error={props.error} />
      )}
      <p>
        <a href="/paper/review">{t("paper.imports.reviewLink")}</a>
      </p>
      <Table rows={props.imports} columns={importColumns()} empty={<p class="muted">{t("paper.imports.empty")}</p>} />
      <LinksPager links={props.links} previousLabel={t("paper.imports.newer")} nextLabel={t("paper.imports.older")} />
    </div>
  );
}
