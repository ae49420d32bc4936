import type { AttendanceStatus } from "../../src/platform/db/schema";
import { CsrfField, Field, Notice } from "../components/form";
import type { SessionItem } from "./timetable";

const ATTENDANCE_STATUSES: AttendanceStatus[] = ["present", "late", "absent"];

const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  absent: "Absent",
};

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
              {ATTENDANCE_LABELS[status]}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        {row.checkedIn ?? "—"}
        {row.method && row.method !== "tutor" && <span class="muted"> ({row.method})</span>}
        {saved && (
          <span class="badge ok" role="status">
            {" "}
            saved
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
      <h2 id="details-heading">Session details</h2>
      <form method="post" action={`/timetable/sessions/${session.id}`}>
        <CsrfField token={csrfToken} />
        <Field name="room" label="Room" value={session.room} maxlength={100} hint="Empty: the class's usual room" />
        {props.video && (
          <Field
            name="meetingUrl"
            label="Meeting link"
            type="url"
            value={session.meetingUrl ?? ""}
            maxlength={500}
            hint="https:// link for students joining online"
          />
        )}
        <button type="submit">Save details</button>
      </form>
      <form
        method="post"
        action={`/timetable/sessions/${session.id}/${session.cancelled ? "restore" : "cancel"}`}
        class="inline-form"
      >
        <CsrfField token={csrfToken} />
        <button type="submit" class={session.cancelled ? "secondary" : "danger"}>
          {session.cancelled ? "Restore this session" : "Cancel this session"}
        </button>
      </form>
    </section>
  );
}

function Register(props: AttendanceViewProps) {
  const { session, csrfToken, rows } = props;
  if (session.cancelled) return <Notice>This session is cancelled, so it takes no attendance.</Notice>;
  if (rows.length === 0) return <p class="muted">This class has no students yet.</p>;
  return (
    <form method="post" action={`/timetable/sessions/${session.id}/attendance`} class="card">
      <CsrfField token={csrfToken} />
      <h2>Attendance</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Checked in</th>
          </tr>
        </thead>
        {/* One body per student: a kiosk check-in replaces that student's row live (classes/live.tsx). */}
        {rows.map((row) => (
          <tbody id={`live-attendance-${row.studentId}`}>
            <AttendanceRow sessionId={session.id} row={row} />
          </tbody>
        ))}
      </table>
      <button type="submit">Save attendance</button>
    </form>
  );
}

export function AttendanceView(props: AttendanceViewProps) {
  const { session } = props;
  return (
    <div class="stack">
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <section class="card">
        <h1>
          {session.className}: {session.dateLabel}
        </h1>
        <p>
          {session.time}
          {session.room && <> · {session.room}</>} · {session.tutorName}
          {session.cancelled && <span class="badge bad"> cancelled</span>}
        </p>
        {props.video && session.meetingUrl && (
          <p>
            <a href={session.meetingUrl} rel="noopener noreferrer">
              Join the online session
            </a>
          </p>
        )}
        <p>
          <a href={`/classes/${session.classId}`}>About this class</a> · <a href="/timetable">Timetable</a>
        </p>
      </section>
      <Register {...props} />
      {props.canUpdate && <SessionDetails {...props} />}
    </div>
  );
}
