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
  needingAttention: { studentId: string; name: string; overdue: number; absences: number }[];
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
          <span class="muted">due {item.due}</span> {item.overdue && <span class="badge bad">overdue</span>}
          {item.late && !item.overdue && <span class="badge">late</span>} <span class="badge">{item.status}</span>
          {item.mark && <span class="badge ok">{item.mark}</span>}
          {item.feedback && <p class="feedback">{item.feedback}</p>}
        </li>
      ))}
    </ul>
  );
}

export function ProgressTable({ progress }: { progress: CourseProgress[] }) {
  if (progress.length === 0) return <p class="muted">Not enrolled in any course yet.</p>;
  return (
    <table class="progress">
      <thead>
        <tr>
          <th scope="col">Course</th>
          <th scope="col">Exercises answered</th>
          <th scope="col">Correct</th>
          <th scope="col">Homework handed in</th>
        </tr>
      </thead>
      <tbody>
        {progress.map((course) => (
          <tr data-course-id={course.courseId}>
            <td>{course.title}</td>
            <td>{course.attempted}</td>
            <td>
              {course.correct}
              {course.attempted > 0 && (
                <span class="muted"> ({Math.round((course.correct / course.attempted) * 100)}%)</span>
              )}
            </td>
            <td>
              {course.homeworkHandedIn} of {course.homeworkAssigned}
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
        <h2 id="due-heading">To do</h2>
        <HomeworkList items={dashboard.due} empty="Nothing due. Well done!" link={(id) => `/my-homework/${id}`} />
      </section>
      <section class="card" aria-labelledby="marks-heading">
        <h2 id="marks-heading">Recent marks</h2>
        <HomeworkList items={dashboard.recentMarks} empty="No marks yet." link={(id) => `/my-homework/${id}`} />
      </section>
      <section class="card full-width" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress</h2>
        <ProgressTable progress={dashboard.progress} />
      </section>
    </div>
  );
}

function SessionsTable({ sessions, showTutor }: { sessions: SessionLine[]; showTutor: boolean }) {
  if (sessions.length === 0) return <p class="muted">No sessions today.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Class</th>
          {showTutor && <th scope="col">Tutor</th>}
          <th scope="col">Room</th>
          <th scope="col">Attendance</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr data-session-id={session.id}>
            <td>{session.time}</td>
            <td>
              <a href={`/timetable/sessions/${session.id}`}>{session.className}</a>
              {session.cancelled && <span class="badge bad"> cancelled</span>}
            </td>
            {showTutor && <td>{session.tutorName}</td>}
            <td>{session.room}</td>
            <td>
              {session.present} present, {session.late} late, {session.absent} absent
              {session.unrecorded > 0 && <span class="muted">, {session.unrecorded} to record</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TutorDashboardView({ dashboard }: { dashboard: TutorDashboard }) {
  return (
    <div class="grid dashboard" id="dashboard">
      <section class="card full-width" aria-labelledby="today-heading">
        <h2 id="today-heading">My classes today</h2>
        <SessionsTable sessions={dashboard.today} showTutor={false} />
      </section>
      <section class="card" aria-labelledby="queue-heading">
        <h2 id="queue-heading">Marking queue</h2>
        <p>
          <a href="/marking" class="figure" id="marking-queue-count">
            <LiveRegion name="marking-count">{dashboard.markingQueue}</LiveRegion>
          </a>{" "}
          {dashboard.markingQueue === 1 ? "submission waits" : "submissions wait"} to be marked.
        </p>
      </section>
      <section class="card" aria-labelledby="attention-heading">
        <h2 id="attention-heading">Students needing attention</h2>
        {dashboard.needingAttention.length === 0 ? (
          <p class="muted">Nobody right now.</p>
        ) : (
          <ul>
            {dashboard.needingAttention.map((student) => (
              <li>
                <a href={`/students/${student.studentId}/progress`}>{student.name}</a>{" "}
                <span class="muted">
                  {student.overdue > 0 && `${student.overdue} overdue`}
                  {student.overdue > 0 && student.absences > 0 && ", "}
                  {student.absences > 0 && `${student.absences} absences in two weeks`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ChildCard({ child }: { child: ChildSummary }) {
  const rate =
    child.attendance.recorded === 0 ? null : Math.round((child.attendance.attended / child.attendance.recorded) * 100);
  return (
    <section class="card" aria-labelledby={`child-summary-${child.id}`} data-child-id={child.id}>
      <h3 id={`child-summary-${child.id}`}>{child.name}</h3>
      <p>
        Attendance (30 days):{" "}
        {rate === null ? (
          <span class="muted">nothing recorded yet</span>
        ) : (
          `${rate}% of ${child.attendance.recorded} sessions`
        )}
      </p>
      <h4>Homework</h4>
      <HomeworkList items={child.homework} empty="No homework yet." />
      <p>
        <a href={`/children/${child.id}/progress`}>Progress</a> ·{" "}
        <a href={`/students/${child.id}/pin`}>PIN and sign-in</a>
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
  const rate = dashboard.attendanceRate === null ? "–" : `${Math.round(dashboard.attendanceRate * 100)}%`;
  return (
    <div class="stack dashboard" id="dashboard">
      <div class="grid figures">
        <section class="card">
          <h2>Attendance (7 days)</h2>
          <p class="figure">{rate}</p>
        </section>
        <section class="card">
          <h2>Overdue homework</h2>
          <p class="figure">{dashboard.overdueHomework}</p>
        </section>
        <section class="card">
          <h2>Active people (7 days)</h2>
          <p class="figure">{dashboard.activeUsers}</p>
        </section>
      </div>
      <section class="card" aria-labelledby="sessions-today-heading">
        <h2 id="sessions-today-heading">Today's sessions</h2>
        <SessionsTable sessions={dashboard.today} showTutor={true} />
      </section>
    </div>
  );
}

export interface ProgressViewProps {
  studentName: string;
  /** The PDF report's address, for viewers who may download it. */
  reportHref?: string | null;
  progress: CourseProgress[];
  homework: HomeworkLine[];
}

export function ProgressView(props: ProgressViewProps) {
  return (
    <div class="stack" id="progress">
      <section class="card">
        <h1>Progress: {props.studentName}</h1>
        <ProgressTable progress={props.progress} />
        {props.reportHref && <ProgressReportLink href={props.reportHref} />}
      </section>
      <section class="card" aria-labelledby="progress-homework-heading">
        <h2 id="progress-homework-heading">Homework</h2>
        <HomeworkList items={props.homework} empty="No homework yet." />
      </section>
    </div>
  );
}
