import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";
import { LiveRegion } from "../components/live";
import { Table } from "../components/table";
import type { ExportSummary } from "../exports/exports";
import { ExportStatusView, statusEvent } from "../exports/exports";

export interface PeriodSummary {
  id: string;
  name: string;
  /** The dates as words ("1 Sept 2026 – 18 Dec 2026"). */
  dates: string;
}

export interface PeriodsViewProps {
  periods: PeriodSummary[];
  canCreate: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  csrfToken: string;
}

/** Reporting periods, newest first, and (for head tutors) the form that adds one. */
export function PeriodsView(props: PeriodsViewProps) {
  return (
    <div class="stack">
      <h1>{t("reports.periods.title")}</h1>
      <p class="muted">{t("reports.periods.intro")}</p>
      <Table
        rows={props.periods}
        empty={<p class="muted">{t("reports.periods.empty")}</p>}
        columns={[
          { header: t("reports.periods.name"), cell: (row) => <a href={`/reports/${row.id}`}>{row.name}</a> },
          { header: t("reports.periods.dates"), cell: (row) => row.dates },
        ]}
      />
      {props.canCreate && (
        <form method="post" action="/reports" class="card stack">
          <CsrfField token={props.csrfToken} />
          <h2>{t("reports.periods.new")}</h2>
          {props.errors.form && <Notice kind="error">{props.errors.form}</Notice>}
          <Field
            name="name"
            label={t("reports.periods.name")}
            value={props.values.name}
            error={props.errors.name}
            maxlength={120}
            required
          />
          <Field
            name="startsOn"
            label={t("reports.periods.startsOn")}
            type="date"
            value={props.values.startsOn}
            error={props.errors.startsOn}
            required
          />
          <Field
            name="endsOn"
            label={t("reports.periods.endsOn")}
            type="date"
            value={props.values.endsOn}
            error={props.errors.endsOn}
            required
          />
          <button type="submit">{t("reports.periods.create")}</button>
        </form>
      )}
    </div>
  );
}

export interface ClassReportLine {
  classId: string;
  className: string;
  courseTitle: string;
  tutorName: string;
  written: number;
  students: number;
  released: string | null;
}

export interface PeriodViewProps {
  period: PeriodSummary;
  classes: ClassReportLine[];
}

/** One period: the classes whose reports the reader writes or reviews, with how far each has got. */
export function PeriodView(props: PeriodViewProps) {
  return (
    <div class="stack">
      <p>
        <a href="/reports">{t("reports.periods.back")}</a>
      </p>
      <h1>{props.period.name}</h1>
      <p class="muted">{props.period.dates}</p>
      <Table
        rows={props.classes}
        empty={<p class="muted">{t("reports.period.noClasses")}</p>}
        columns={[
          {
            header: t("reports.period.class"),
            cell: (row) => <a href={`/reports/${props.period.id}/classes/${row.classId}`}>{row.className}</a>,
          },
          { header: t("reports.period.course"), cell: (row) => row.courseTitle },
          { header: t("reports.period.tutor"), cell: (row) => row.tutorName },
          {
            header: t("reports.period.written"),
            cell: (row) => t("reports.period.writtenOf", { written: row.written, students: row.students }),
          },
          {
            header: t("reports.period.status"),
            cell: (row) =>
              row.released ? t("reports.period.releasedOn", { date: row.released }) : t("reports.period.draft"),
          },
        ]}
      />
    </div>
  );
}

export interface StudentReportForm {
  studentId: string;
  name: string;
  comment: string;
  nextSteps: string;
  previewHref: string;
}

export interface ClassReportsViewProps {
  period: PeriodSummary;
  classId: string;
  className: string;
  courseTitle: string;
  students: StudentReportForm[];
  /** Release date in words, once released (the comments are then read only). */
  released: string | null;
  canRelease: boolean;
  batch: ExportSummary | null;
  errors: Record<string, string>;
  notice: string | null;
  csrfToken: string;
}

function CommentFields({
  student,
  error,
  readOnly,
}: {
  student: StudentReportForm;
  error?: string;
  readOnly: boolean;
}) {
  const id = `report-${student.studentId}`;
  return (
    <fieldset class="card stack" id={id}>
      <legend>{student.name}</legend>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div class="field">
        <label for={`${id}-comment`}>{t("reports.class.comment")}</label>
        <textarea
          id={`${id}-comment`}
          name={`comment:${student.studentId}`}
          rows={4}
          maxlength={4000}
          readonly={readOnly}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          {student.comment}
        </textarea>
      </div>
      <div class="field">
        <label for={`${id}-next`}>{t("reports.class.nextSteps")}</label>
        <textarea id={`${id}-next`} name={`next:${student.studentId}`} rows={3} maxlength={2000} readonly={readOnly}>
          {student.nextSteps}
        </textarea>
      </div>
      <p>
        <a href={student.previewHref}>{t("reports.class.preview", { name: student.name })}</a>
      </p>
    </fieldset>
  );
}

function BatchStatus({ batch }: { batch: ExportSummary }) {
  return (
    <section aria-live="polite" aria-label={t("reports.class.batchStatus")}>
      <LiveRegion name={statusEvent(batch.id)}>
        <ExportStatusView summary={batch} />
      </LiveRegion>
    </section>
  );
}

/** A class's reports for a period: the tutor's comments, then (head tutors) release and the class PDF. */
export function ClassReportsView(props: ClassReportsViewProps) {
  const base = `/reports/${props.period.id}/classes/${props.classId}`;
  return (
    <div class="stack">
      <p>
        <a href={`/reports/${props.period.id}`}>{t("reports.class.back", { period: props.period.name })}</a>
      </p>
      <h1>{t("reports.class.title", { className: props.className, period: props.period.name })}</h1>
      <p class="muted">
        {props.courseTitle} · {props.period.dates}
      </p>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      {props.errors.form && <Notice kind="error">{props.errors.form}</Notice>}
      {props.released && <p>{t("reports.class.releasedOn", { date: props.released })}</p>}
      {props.students.length === 0 ? (
        <p class="muted">{t("reports.class.noStudents")}</p>
      ) : (
        <form method="post" action={base} class="stack">
          <CsrfField token={props.csrfToken} />
          {props.students.map((student) => (
            <CommentFields
              student={student}
              error={props.errors[student.studentId]}
              readOnly={props.released !== null}
            />
          ))}
          {props.released === null && <button type="submit">{t("reports.class.save")}</button>}
        </form>
      )}
      {props.canRelease && (
        <section class="card stack" aria-labelledby="release-heading">
          <h2 id="release-heading">{t("reports.class.releaseHeading")}</h2>
          {props.released === null ? (
            <p>
              <a href={`${base}/release`}>{t("reports.class.release")}</a>
            </p>
          ) : (
            <form method="post" action={`${base}/batch`}>
              <CsrfField token={props.csrfToken} />
              <button type="submit">{t("reports.class.batch")}</button>
            </form>
          )}
          {props.batch && <BatchStatus batch={props.batch} />}
        </section>
      )}
    </div>
  );
}

export interface ReleasedReport {
  id: string;
  periodName: string;
  dates: string;
  className: string;
  courseTitle: string;
  released: string;
}

/** A parent's list of their child's released reports. */
export function ChildReportsView(props: { studentId: string; studentName: string; reports: ReleasedReport[] }) {
  return (
    <div class="stack">
      <h1>{t("reports.child.title", { name: props.studentName })}</h1>
      <Table
        rows={props.reports}
        empty={<p class="muted">{t("reports.child.none")}</p>}
        columns={[
          { header: t("reports.child.period"), cell: (row) => row.periodName },
          { header: t("reports.child.dates"), cell: (row) => row.dates },
          { header: t("reports.child.course"), cell: (row) => row.courseTitle },
          { header: t("reports.child.class"), cell: (row) => row.className },
          { header: t("reports.child.released"), cell: (row) => row.released },
          {
            header: t("reports.child.download"),
            cell: (row) => (
              <a href={`/children/${props.studentId}/reports/${row.id}`}>
                {t("reports.child.downloadPdf", { period: row.periodName })}
              </a>
            ),
          },
        ]}
      />
    </div>
  );
}
