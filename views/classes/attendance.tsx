import type { AttendanceStatus } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";
import type { SessionItem } from "./timetable";

const ATTENDANCE_STATUSES: AttendanceStatus[] = ["present", "late", "absent"];

const ATTENDANCE_LABELS = {
  present: "classes.attendance.present",
  late: "classes.attendance.late",
  absent: "classes.attendance.absent",
} as const satisfies Record<AttendanceStatus, string>;

export interface AttendanceRowItem {
  studentId: string;
  name: string;
  status: AttendanceStatus | null;
  checkedIn: string | null;
  method: string | null;
}

export interface AttendanceViewProps {
  csrfToken: string;
  session: SessionItem;
  rows: AttendanceRowItem[];
  /** The centre runs video sessions: show and edit the meeting link. */
  video: boolean;
  canUpdate: boolean;
  notice: string | null;
}

/**
 * One student's marks; htmx saves the row as soon as a radio changes and morphs it back, so
 * keyboard focus stays on the radio (arrow keys keep working).
 */
export function AttendanceRow({
  sessionId,
  row,
  saved,
}: {
  sessionId: string;
  row: AttendanceRowItem;
  saved?: boolean;
}) {
  const name = `status-${row.studentId}`;
  return (
    <tr
      id={`attendance-${row.studentId}`}
      data-student-id={row.studentId}
      hx-post={`/timetable/sessions/${sessionId}/attendance/${row.studentId}`}
      hx-trigger="change"
      hx-target="this"
      hx-swap="outerMorph"
    >
      <td>
        <fieldset class="marks">
          <legend>{row.name}</legend>
          {ATTENDANCE_STATUSES.map((status) => (
            <label>
              <input type="radio" name={name} value={status} checked={row.status === status} />{" "}
              {t(ATTENDANCE_LABELS[status])}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        {row.checkedIn ?? "—"}
        {row.status === "late" && row.checkedIn && (
          <span class="badge warn" data-late>
            {" "}
            <span aria-hidden="true">⏱</span> {t("classes.attendance.lateArrival")}
          </span>
        )}
        {row.method && row.method !== "tutor" && (
          <span class="muted"> {t("classes.attendance.method", { method: row.method })}</span>
        )}
        {saved && (
          <span class="badge ok" role="status">
            {" "}
            {t("classes.attendance.saved")}
          </span>
        )}
      </td>
    </tr>
  );
}

function SessionDetails(props: AttendanceViewProps) {
  const { session, csrfToken } = props;
  return (
    <section class="card" aria-labelledby="details-heading">
      <h2 id="details-heading">{t("classes.details.heading")}</h2>
      <form method="post" action={`/timetable/sessions/${session.id}`}>
        <CsrfField token={csrfToken} />
        <Field
          name="room"
          label={t("classes.field.room")}
          value={session.room}
          maxlength={100}
          hint={t("classes.details.roomHint")}
        />
        {props.video && (
          <Field
            name="meetingUrl"
            label={t("classes.details.meetingLink")}
            type="url"
            value={session.meetingUrl ?? ""}
            maxlength={500}
            hint={t("classes.details.meetingLinkHint")}
          />
        )}
        <button type="submit">{t("classes.details.save")}</button>
      </form>
      <form
        method="post"
        action={`/timetable/sessions/${session.id}/${session.cancelled ? "restore" : "cancel"}`}
        class="inline-form"
      >
        <CsrfField token={csrfToken} />
        <button type="submit" class={session.cancelled ? "secondary" : "danger"}>
          {t(session.cancelled ? "classes.details.restore" : "classes.details.cancel")}
        </button>
      </form>
    </section>
  );
}

function Register(props: AttendanceViewProps) {
  const { session, csrfToken, rows } = props;
  if (session.cancelled) return <Notice>{t("classes.attendance.cancelledNotice")}</Notice>;
  if (session.upcoming) return <Notice>{t("classes.attendance.upcomingNotice", { date: session.dateLabel })}</Notice>;
  if (rows.length === 0) return <p class="muted">{t("classes.attendance.noStudents")}</p>;
  return (
    <form method="post" action={`/timetable/sessions/${session.id}/attendance`} class="card">
      <CsrfField token={csrfToken} />
      <h2>{t("classes.attendance.heading")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("classes.attendance.student")}</th>
            <th scope="col">{t("classes.attendance.checkedIn")}</th>
          </tr>
        </thead>
        {/* One body per student: a kiosk check-in replaces that student's row live (classes/live.tsx). */}
        {rows.map((row) => (
          <tbody id={`live-attendance-${row.studentId}`}>
            <AttendanceRow sessionId={session.id} row={row} />
          </tbody>
        ))}
      </table>
      <button type="submit">{t("classes.attendance.save")}</button>
    </form>
  );
}

export function AttendanceView(props: AttendanceViewProps) {
  const { session } = props;
  return (
    <div class="stack">
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <section class="card">
        <h1>{t("classes.session.heading", { className: session.className, date: session.dateLabel })}</h1>
        <p>
          {session.time}
          {session.room && <> · {session.room}</>} · {session.tutorName}
          {session.cancelled && <span class="badge bad"> {t("classes.badge.cancelled")}</span>}
        </p>
        {props.video && session.meetingUrl && (
          <p>
            <a href={session.meetingUrl} rel="noopener noreferrer">
              {t("classes.session.join")}
            </a>
          </p>
        )}
        <p>
          <a href={`/classes/${session.classId}`}>{t("classes.session.about")}</a> ·{" "}
          <a href="/timetable">{t("classes.title.timetable")}</a>
        </p>
      </section>
      <Register {...props} />
      {props.canUpdate && <SessionDetails {...props} />}
    </div>
  );
}
