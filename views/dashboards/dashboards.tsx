import { formatCount, formatList, formatNumber, formatPercent, t } from "../../src/platform/i18n";
import { LiveRegion } from "../components/live";
import { ProgressReportLink } from "./report-link";

/** Everything here is display-ready and JSON-safe, because it passes through the Redis cache. */
export interface HomeworkLine {
  homeworkId: string;
  title: string;
  due: string;
  overdue: boolean;
  status: string;
  late: boolean;
  mark: string | null;
  feedback: string;
}

export interface SessionLine {
  id: string;
  className: string;
  tutorName: string;
  time: string;
  room: string;
  cancelled: boolean;
  present: number;
  late: number;
  absent: number;
  unrecorded: number;
}

export interface CourseProgress {
  courseId: string;
  title: string;
  attempted: number;
  correct: number;
  homeworkAssigned: number;
  homeworkHandedIn: number;
}

export interface StudentDashboard {
  kind: "student";
  studentId: string;
  due: HomeworkLine[];
  recentMarks: HomeworkLine[];
  progress: CourseProgress[];
}

export interface TutorDashboard {
  kind: "tutor";
  today: SessionLine[];
  markingQueue: number;
  needingAttention: StudentConcern[];
}

export interface ChildSummary {
  id: string;
  name: string;
  attendance: { recorded: number; attended: number };
  homework: HomeworkLine[];
  recentMarks: HomeworkLine[];
}

export interface ParentDashboard {
  kind: "parent";
  children: ChildSummary[];
}

export interface AdminDashboard {
  kind: "admin";
  today: SessionLine[];
  attendanceRate: number | null;
  /** Counted up to COUNT_CAP: shown with formatCount ("99+"). */
  overdueHomework: number;
  activeUsers: number;
}

export type Dashboard = StudentDashboard | TutorDashboard | ParentDashboard | AdminDashboard;

function HomeworkList({ items, empty, link }: { items: HomeworkLine[]; empty: string; link?: (id: string) => string }) {
  if (items.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="homework-list">
      {items.map((item) => (
        <li class={item.overdue ? "overdue" : undefined}>
          {link ? <a href={link(item.homeworkId)}>{item.title}</a> : <strong>{item.title}</strong>}{" "}
          <span class="muted">{t("dashboards.due", { due: item.due })}</span>{" "}
          {item.overdue && <span class="badge bad">{t("dashboards.overdue")}</span>}
          {item.late && !item.overdue && <span class="badge">{t("dashboards.late")}</span>}{" "}
          <span class="badge">{item.status}</span>
          {item.mark && <span class="badge ok">{item.mark}</span>}
          {item.feedback && <p class="feedback">{item.feedback}</p>}
        </li>
      ))}
    </ul>
  );
}

export function ProgressTable({ progress }: { progress: CourseProgress[] }) {
  if (progress.length === 0) return <p class="muted">{t("dashboards.progress.none")}</p>;
  return (
    <table class="progress">
      <thead>
        <tr>
          <th scope="col">{t("dashboards.progress.course")}</th>
          <th scope="col">{t("dashboards.progress.answered")}</th>
          <th scope="col">{t("dashboards.progress.correct")}</th>
          <th scope="col">{t("dashboards.progress.handedIn")}</th>
        </tr>
      </thead>
      <tbody>
        {progress.map((course) => (
          <tr data-course-id={course.courseId}>
            <td>{course.title}</td>
            <td>{formatNumber(course.attempted)}</td>
            <td>
              {formatNumber(course.correct)}
              {course.attempted > 0 && (
                <span class="muted">
                  {" "}
                  {t("dashboards.progress.share", { percent: formatPercent(course.correct / course.attempted) })}
                </span>
              )}
            </td>
            <td>
              {t("dashboards.progress.handedInOf", {
                handedIn: course.homeworkHandedIn,
                assigned: course.homeworkAssigned,
              })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StudentDashboardView({ dashboard }: { dashboard: StudentDashboard }) {
  return (
    <div class="grid dashboard" id="dashboard">
      <section class="card" aria-labelledby="due-heading">
        <h2 id="due-heading">{t("dashboards.student.toDo")}</h2>
        <HomeworkList
          items={dashboard.due}
          empty={t("dashboards.student.nothingDue")}
          link={(id) => `/my-homework/${id}`}
        />
      </section>
      <section class="card" aria-labelledby="marks-heading">
        <h2 id="marks-heading">{t("dashboards.student.recentMarks")}</h2>
        <HomeworkList
          items={dashboard.recentMarks}
          empty={t("dashboards.student.noMarks")}
          link={(id) => `/my-homework/${id}`}
        />
      </section>
      <section class="card full-width" aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t("dashboards.progress")}</h2>
        <ProgressTable progress={dashboard.progress} />
      </section>
    </div>
  );
}

function SessionsTable({ sessions, showTutor }: { sessions: SessionLine[]; showTutor: boolean }) {
  if (sessions.length === 0) return <p class="muted">{t("dashboards.sessions.none")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("dashboards.sessions.time")}</th>
          <th scope="col">{t("dashboards.sessions.class")}</th>
          {showTutor && <th scope="col">{t("dashboards.sessions.tutor")}</th>}
          <th scope="col">{t("dashboards.sessions.room")}</th>
          <th scope="col">{t("dashboards.sessions.attendance")}</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr data-session-id={session.id}>
            <td>{session.time}</td>
            <td>
              <a href={`/timetable/sessions/${session.id}`}>{session.className}</a>
              {session.cancelled && <span class="badge bad"> {t("dashboards.sessions.cancelled")}</span>}
            </td>
            {showTutor && <td>{session.tutorName}</td>}
            <td>{session.room}</td>
            <td>
              {t("dashboards.sessions.counts", {
                present: session.present,
                late: session.late,
                absent: session.absent,
              })}
              {session.unrecorded > 0 && (
                <span class="muted">{t("dashboards.sessions.toRecord", { count: session.unrecorded })}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why a student is listed as needing attention: one of the rules the dashboard states. */
export type AttentionReason =
  | { rule: "missed"; missed: number; considered: number }
  | { rule: "lowAverage"; average: number; count: number }
  | { rule: "lowAttendance"; rate: number };

export interface StudentConcern {
  studentId: string;
  name: string;
  reasons: AttentionReason[];
}

function reasonText(reason: AttentionReason): string {
  switch (reason.rule) {
    case "missed":
      return t("dashboards.attention.missed", { missed: reason.missed, considered: reason.considered });
    case "lowAverage":
      return t("dashboards.attention.lowAverage", { percent: formatPercent(reason.average), count: reason.count });
    case "lowAttendance":
      return t("dashboards.attention.lowAttendance", { percent: formatPercent(reason.rate) });
  }
}

export function TutorDashboardView({ dashboard }: { dashboard: TutorDashboard }) {
  return (
    <div class="grid dashboard" id="dashboard">
      <section class="card full-width" aria-labelledby="today-heading">
        <h2 id="today-heading">{t("dashboards.tutor.today")}</h2>
        <SessionsTable sessions={dashboard.today} showTutor={false} />
      </section>
      <section class="card" aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t("dashboards.tutor.markingQueue")}</h2>
        <p>
          <a href="/marking" class="figure" id="marking-queue-count">
            <LiveRegion name="marking-count">{formatCount(dashboard.markingQueue)}</LiveRegion>
          </a>{" "}
          {t("dashboards.tutor.waiting", { count: dashboard.markingQueue })}
        </p>
      </section>
      <section class="card" aria-labelledby="attention-heading">
        <h2 id="attention-heading">{t("dashboards.tutor.attention")}</h2>
        {dashboard.needingAttention.length === 0 ? (
          <p class="muted">{t("dashboards.tutor.nobody")}</p>
        ) : (
          <ul>
            {dashboard.needingAttention.map((student) => (
              <li>
                <a href={`/students/${student.studentId}/progress`}>{student.name}</a>{" "}
                <span class="muted" data-rules={student.reasons.map((reason) => reason.rule).join(" ")}>
                  {formatList(student.reasons.map(reasonText))}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p class="muted">{t("dashboards.attention.rules")}</p>
      </section>
    </div>
  );
}

function ChildCard({ child }: { child: ChildSummary }) {
  const rate = child.attendance.recorded === 0 ? null : child.attendance.attended / child.attendance.recorded;
  return (
    <section class="card" aria-labelledby={`child-summary-${child.id}`} data-child-id={child.id}>
      <h3 id={`child-summary-${child.id}`}>{child.name}</h3>
      <p>
        {t("dashboards.parent.attendance")}{" "}
        {rate === null ? (
          <span class="muted">{t("dashboards.parent.nothingRecorded")}</span>
        ) : (
          t("dashboards.parent.rate", { percent: formatPercent(rate), sessions: child.attendance.recorded })
        )}
      </p>
      <h4>{t("dashboards.homework")}</h4>
      <HomeworkList items={child.homework} empty={t("dashboards.homework.none")} />
      <p>
        <a href={`/children/${child.id}/progress`}>{t("dashboards.progress")}</a> ·{" "}
        <a href={`/students/${child.id}/pin`}>{t("dashboards.parent.pin")}</a>
      </p>
    </section>
  );
}

export function ParentDashboardView({ dashboard }: { dashboard: ParentDashboard }) {
  if (dashboard.children.length === 0) return <div id="dashboard" />;
  return (
    <div class="grid dashboard" id="dashboard">
      {dashboard.children.map((child) => (
        <ChildCard child={child} />
      ))}
    </div>
  );
}

export function AdminDashboardView({ dashboard }: { dashboard: AdminDashboard }) {
  const rate = dashboard.attendanceRate === null ? "–" : formatPercent(dashboard.attendanceRate);
  return (
    <div class="stack dashboard" id="dashboard">
      <div class="grid figures">
        <section class="card">
          <h2>{t("dashboards.admin.attendance")}</h2>
          <p class="figure">{rate}</p>
        </section>
        <section class="card">
          <h2>{t("dashboards.admin.overdue")}</h2>
          <p class="figure">{formatCount(dashboard.overdueHomework)}</p>
        </section>
        <section class="card">
          <h2>{t("dashboards.admin.active")}</h2>
          <p class="figure">{formatNumber(dashboard.activeUsers)}</p>
        </section>
      </div>
      <section class="card" aria-labelledby="sessions-today-heading">
        <h2 id="sessions-today-heading">{t("dashboards.admin.today")}</h2>
        <SessionsTable sessions={dashboard.today} showTutor={true} />
      </section>
    </div>
  );
}

export interface ProgressViewProps {
  studentName: string;
  /** The PDF report's address, for viewers who may download it. */
  reportHref?: string | null;
  /** The progress-over-time charts of the same student. */
  chartsHref?: string | null;
  /** A parent's list of the child's released term reports. */
  termReportsHref?: string | null;
  progress: CourseProgress[];
  homework: HomeworkLine[];
}

export function ProgressView(props: ProgressViewProps) {
  return (
    <div class="stack" id="progress">
      <section class="card">
        <h1>{t("dashboards.progress.title", { name: props.studentName })}</h1>
        <ProgressTable progress={props.progress} />
        {props.reportHref && <ProgressReportLink href={props.reportHref} />}
        {props.chartsHref && (
          <p>
            <a href={props.chartsHref}>{t("reports.charts.link")}</a>
          </p>
        )}
        {props.termReportsHref && (
          <p>
            <a href={props.termReportsHref}>{t("reports.child.link")}</a>
          </p>
        )}
      </section>
      <section class="card" aria-labelledby="progress-homework-heading">
        <h2 id="progress-homework-heading">{t("dashboards.homework")}</h2>
        <HomeworkList items={props.homework} empty={t("dashboards.homework.none")} />
      </section>
    </div>
  );
}
