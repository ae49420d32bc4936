import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";
import { Table } from "../components/table";

/** One column of the import file, as the upload page documents it. */
export interface ImportColumnHelp {
  header: string;
  required: boolean;
  meaning: string;
}

export interface ImportUploadProps {
  csrfToken: string;
  columns: ImportColumnHelp[];
  maxRows: number;
  maxKilobytes: number;
  error?: string;
}

function UploadForm({ csrfToken, error }: { csrfToken: string; error?: string }) {
  return (
    <form method="post" action="/people/import" enctype="multipart/form-data" class="card stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for="import-file">{t("people-import.upload.fileLabel")}</label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-describedby={error ? "import-file-error" : undefined}
          aria-invalid={error ? "true" : undefined}
        />
        {error && (
          <p class="field-error" id="import-file-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit">{t("people-import.upload.submit")}</button>
    </form>
  );
}

export function ImportUploadView(props: ImportUploadProps) {
  return (
    <div class="stack">
      <h1>{t("people-import.upload.title")}</h1>
      <p>{t("people-import.upload.intro")}</p>
      <p>
        <a class="button secondary" href="/people/import/template.csv" download>
          {t("people-import.upload.template")}
        </a>
      </p>
      <Table
        caption={t("people-import.upload.columnsCaption")}
        rows={props.columns}
        columns={[
          { header: t("people-import.upload.column"), cell: (column) => <code>{column.header}</code> },
          {
            header: t("people-import.upload.required"),
            cell: (column) => (column.required ? t("people-import.upload.yes") : t("people-import.upload.no")),
          },
          { header: t("people-import.upload.meaning"), cell: (column) => column.meaning },
        ]}
      />
      <ul>
        <li>{t("people-import.upload.ruleFormat")}</li>
        <li>{t("people-import.upload.ruleCodes")}</li>
        <li>{t("people-import.upload.ruleChanged")}</li>
        <li>{t("people-import.upload.ruleParents")}</li>
        <li>{t("people-import.upload.ruleLimits", { rows: props.maxRows, kilobytes: props.maxKilobytes })}</li>
      </ul>
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <UploadForm csrfToken={props.csrfToken} error={props.error} />
    </div>
  );
}

export interface PreviewRow {
  line: number;
  outcome: "create" | "update" | "unchanged" | "error";
  outcomeLabel: string;
  name: string;
  studentCode: string;
  className: string;
  parent: string;
  /** Problems for a refused row; what changes for an update. */
  notes: string[];
}

export interface ImportPreviewProps {
  csrfToken: string;
  id: string;
  fileName: string;
  counts: { create: number; update: number; unchanged: number; error: number };
  parentsToInvite: number;
  problemRows: PreviewRow[];
  rows: PreviewRow[];
}

function rowTable(rows: PreviewRow[], id: string, caption: string) {
  return (
    <Table
      id={id}
      caption={caption}
      rows={rows}
      rowAttributes={(row) => ({ "data-line": String(row.line), "data-outcome": row.outcome })}
      columns={[
        { header: t("people-import.preview.line"), cell: (row) => row.line, class: "num" },
        { header: t("people-import.preview.outcome"), cell: (row) => row.outcomeLabel },
        { header: t("people-import.preview.name"), cell: (row) => row.name },
        { header: t("people-import.preview.code"), cell: (row) => row.studentCode },
        { header: t("people-import.preview.class"), cell: (row) => row.className },
        { header: t("people-import.preview.parent"), cell: (row) => row.parent },
        {
          header: t("people-import.preview.notes"),
          cell: (row) =>
            row.notes.length > 0 && (
              <ul class="import-notes">
                {row.notes.map((note) => (
                  <li>{note}</li>
                ))}
              </ul>
            ),
        },
      ]}
    />
  );
}

export function ImportPreviewView(props: ImportPreviewProps) {
  const { counts } = props;
  const blocked = counts.error > 0;
  const nothingToDo = counts.create + counts.update === 0;
  return (
    <div class="stack">
      <h1>{t("people-import.preview.title")}</h1>
      <p class="muted">{t("people-import.preview.file", { name: props.fileName })}</p>
      <p data-counts>
        {t("people-import.preview.counts", {
          create: counts.create,
          update: counts.update,
          unchanged: counts.unchanged,
          error: counts.error,
        })}{" "}
        {t("people-import.preview.parents", { count: props.parentsToInvite })}
      </p>
      {blocked && (
        <>
          <Notice kind="error">{t("people-import.preview.blocked", { count: counts.error })}</Notice>
          {rowTable(props.problemRows, "import-problems", t("people-import.preview.problemsCaption"))}
        </>
      )}
      {!blocked && nothingToDo && <Notice kind="ok">{t("people-import.preview.nothingToDo")}</Notice>}
      {!blocked && !nothingToDo && (
        <form method="post" action={`/people/import/${props.id}/commit`} class="card stack">
          <CsrfField token={props.csrfToken} />
          <p>{t("people-import.preview.commitNote")}</p>
          <button type="submit">{t("people-import.preview.commit")}</button>
        </form>
      )}
      <p>
        <a href="/people/import">{t("people-import.preview.again")}</a>
      </p>
      {rowTable(props.rows, "import-rows", t("people-import.preview.rowsCaption"))}
    </div>
  );
}

export interface ImportResultProps {
  counts: { create: number; update: number; unchanged: number };
  created: { name: string; studentCode: string; pin: string }[];
  invited: { name: string; email: string; link: string }[];
  invitationsExpire: string;
}

/** The outcome, with each new student's code and first PIN and each invitation link, shown once. */
export function ImportResultView(props: ImportResultProps) {
  return (
    <section class="stack printable">
      <h1>{t("people-import.result.title")}</h1>
      <Notice kind="ok">
        {t("people-import.result.counts", {
          create: props.counts.create,
          update: props.counts.update,
          unchanged: props.counts.unchanged,
        })}
      </Notice>
      {props.created.length > 0 && (
        <>
          <p>{t("people-import.result.pinsNote")}</p>
          <Table
            id="import-created"
            caption={t("people-import.result.createdCaption")}
            rows={props.created}
            columns={[
              { header: t("people-import.preview.name"), cell: (row) => row.name },
              { header: t("people-import.preview.code"), cell: (row) => row.studentCode },
              { header: t("people-import.result.pin"), cell: (row) => <span data-secret>{row.pin}</span> },
            ]}
          />
        </>
      )}
      {props.invited.length > 0 && (
        <>
          <p>{t("people-import.result.invitationsNote", { expires: props.invitationsExpire })}</p>
          <Table
            id="import-invited"
            caption={t("people-import.result.invitedCaption")}
            rows={props.invited}
            columns={[
              { header: t("people-import.preview.parent"), cell: (row) => row.name },
              { header: t("people-import.result.email"), cell: (row) => row.email },
              { header: t("people-import.result.link"), cell: (row) => <span data-secret>{row.link}</span> },
            ]}
          />
        </>
      )}
      <p class="no-print">
        <a class="button secondary" href="/people">
          {t("people.secret.back")}
        </a>
      </p>
    </section>
  );
}
