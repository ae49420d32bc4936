import type {
  AdminDashboard,
  ChildSummary,
  CourseProgress,
  HomeworkLine,
  ParentDashboard,
  SessionLine,
  StudentDashboard,
  TutorDashboard,
} from "../../../views/dashboards/dashboards";
import { type CachedView, type CachePart, cachedForCentre, cachedViewForCentre, cachePart } from "../../platform/cache";
import { localDate } from "../../platform/calendar";
import { dbRead } from "../../platform/db";
import type { SubmissionStatus } from "../../platform/db/schema";
import { currentLocale, formatDateParts, formatTime, type MessageKey, t } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { attendanceForStudent, classesForTutor, sessionsToday, tutorToday } from "../classes";
import { coursesForStudent } from "../courses";
import { studentXpSection, type XpCentre } from "../gamification";
import type { HomeworkStatus } from "../homework";
import {
  type HomeworkCompletion,
  homeworkCompletion,
  homeworkForStudent,
  homeworkOverview,
  isLate,
  markingQueueCount,
  overdueHomeworkCount,
} from "../homework";
import { childrenOf } from "../people";
import { studentsNeedingAttention } from "./attention";
import { activeUserCount, attendanceRate, exerciseStatsByCourse } from "./queries";

/**
 * Figures are cached per person and language (the cached lines are worded and dated for the reader),
 * keyed by the parts they show (platform/cache.ts): a student's dashboard by the student, a tutor's
 * by their classes and their own work, a parent's by their children, the admin's by the centre's
 * aggregates. The services that change a part mark it stale.
 */
const TTL_SECONDS = 60;
/**
 * A student's and a parent's figures change only with writes that mark their parts stale, and each
 * person looks at them every few minutes, so they are kept ten: what depends on the clock (overdue,
 * late while not handed in, attendance over the last 30 days, the XP streak) is decided when shown.
 */
const PERSON_TTL_SECONDS = 10 * 60;
const DAY_MS = 24 * 3600 * 1000;
const ATTENDANCE_DAYS = 30;

function cacheName(name: string): string {
  return `${name}:${currentLocale()}`;
}

const STATUS_LABELS: Record<SubmissionStatus, MessageKey> = {
  not_started: "dashboards.status.not_started",
  in_progress: "dashboards.status.in_progress",
  submitted: "dashboards.status.submitted",
  returned: "dashboards.status.returned",
  marked: "dashboards.status.marked",
};

const DUE_FORMAT: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
};

/** A homework line as cached: its due and hand-in instants decide "overdue" and "late" when shown. */
interface CachedLine extends Omit<HomeworkLine, "overdue" | "late"> {
  dueAt: string;
  submittedAt: string | null;
  open: boolean;
}

function cachedLine(status: HomeworkStatus, timeZone: string): CachedLine {
  return {
    homeworkId: status.homeworkId,
    title: status.title,
    due: formatDateParts(new Date(status.dueAt), DUE_FORMAT, timeZone),
    status: t(STATUS_LABELS[status.status]),
    mark: status.score === null ? null : t("dashboards.mark", { score: status.score, max: status.maxScore }),
    feedback: status.feedback,
    dueAt: new Date(status.dueAt).toISOString(),
    submittedAt: status.submittedAt ? new Date(status.submittedAt).toISOString() : null,
    open: status.status !== "submitted" && status.status !== "marked",
  };
}

function shownLine({ dueAt, submittedAt, open, ...line }: CachedLine, now: Date): HomeworkLine {
  const due = new Date(dueAt);
  return {
    ...line,
    overdue: open && due.getTime() < now.getTime(),
    late: isLate(due, submittedAt === null ? null : new Date(submittedAt), now),
  };
}

function homeworkLine(status: HomeworkStatus, timeZone: string, now: Date): HomeworkLine {
  return shownLine(cachedLine(status, timeZone), now);
}

function sessionLine(session: Awaited<ReturnType<typeof sessionsToday>>[number], timeZone: string): SessionLine {
  return {
    id: session.id,
    className: session.className,
    tutorName: session.tutorName,
    time: t("dashboards.timeRange", {
      from: formatTime(session.startsAt, timeZone),
      to: formatTime(session.endsAt, timeZone),
    }),
    room: session.room,
    cancelled: session.status === "cancelled",
    present: session.present,
    late: session.late,
    absent: session.absent,
    unrecorded: session.unrecorded,
  };
}

/** The centre a dashboard is for, as the request context gives it: times are shown in its time zone. */
export type DashboardCentre = Pick<CentreContext, "id" | "timeZone">;

/** Per course: exercises attempted and right, homework set and handed in. */
export async function progressForStudent(centreId: CentreId, studentId: string): Promise<CourseProgress[]> {
  const [courses, stats, completion] = await Promise.all([
    coursesForStudent(centreId, studentId),
    exerciseStatsByCourse(dbRead, centreId, studentId),
    homeworkCompletion(centreId, studentId),
  ]);
  return progressOf(courses, stats, completion);
}

function progressOf(
  courses: Awaited<ReturnType<typeof coursesForStudent>>,
  stats: Awaited<ReturnType<typeof exerciseStatsByCourse>>,
  completion: HomeworkCompletion,
): CourseProgress[] {
  return courses.map((course) => {
    const exercise = stats.find((row) => row.courseId === course.id);
    const homework = completion.byCourse.find((row) => row.courseId === course.id);
    return {
      courseId: course.id,
      title: course.title,
      attempted: exercise?.attempted ?? 0,
      correct: exercise?.correct ?? 0,
      homeworkAssigned: homework?.assigned ?? 0,
      homeworkHandedIn: homework?.handedIn ?? 0,
    };
  });
}

/** What the student dashboard needs of its centre: times in its zone, XP by its flag and calendar. */
export type StudentDashboardCentre = DashboardCentre & XpCentre;

/** The student's figures and their XP section (rendered: it is the gamification module's view). */
export interface StudentHome {
  dashboard: StudentDashboard;
  xpSection: string | null;
}

interface CachedStudentHome {
  dashboard: Omit<StudentDashboard, "due" | "recentMarks"> & { due: CachedLine[]; recentMarks: CachedLine[] };
  xpSection: string | null;
}

export function studentDashboard(
  centre: StudentDashboardCentre,
  studentId: string,
  now = new Date(),
): Promise<StudentHome> {
  return cachedViewForCentre(redis, centre.id, studentDashboardView(centre, studentId, now));
}

/** The student's figures as cached, shown at `now`: for the home page to read with its other values. */
export function studentDashboardView(
  centre: StudentDashboardCentre,
  studentId: string,
  now = new Date(),
): CachedView<CachedStudentHome, StudentHome> {
  const { id: centreId, timeZone } = centre;
  const compute = async (): Promise<CachedStudentHome> => {
    // The homework lists and per-course completion are one statement; courses and exercise
    // figures come from their own modules' tables.
    const [homework, courses, stats, xp] = await Promise.all([
      homeworkOverview(centreId, studentId, { due: 20, latest: 0, marks: 5 }, now),
      coursesForStudent(centreId, studentId),
      exerciseStatsByCourse(dbRead, centreId, studentId),
      studentXpSection(centre, studentId, now),
    ]);
    return {
      dashboard: {
        kind: "student",
        studentId,
        due: homework.due.map((status) => cachedLine(status, timeZone)),
        recentMarks: homework.recentMarks.map((status) => cachedLine(status, timeZone)),
        progress: progressOf(courses, stats, homework.completion),
      },
      xpSection: xp?.html ?? null,
    };
  };
  return {
    entry: {
      parts: [cachePart.student(studentId)],
      // The XP section's streak runs to today: each day of the centre is a value of its own (and a
      // name of its own, apart from the shape cached before, decided at the time it was computed).
      name: cacheName(`student-figures:${studentId}:${localDate(now, timeZone)}`),
      ttlSeconds: PERSON_TTL_SECONDS,
      compute,
    },
    shown: ({ dashboard: { due, recentMarks, ...figures }, xpSection }) => ({
      dashboard: {
        ...figures,
        due: due.map((line) => shownLine(line, now)),
        recentMarks: recentMarks.map((line) => shownLine(line, now)),
      },
      xpSection,
    }),
  };
}

/**
 * The parts a tutor's dashboard shows: their own work (1:1 homework they set), each class they
 * teach, and for a head tutor the centre's whole queue. Which classes they teach changes only with
 * class edits, which mark the whole centre stale, so the list itself is cached.
 */
async function tutorParts(centreId: CentreId, tutorId: string, seesAll: boolean): Promise<CachePart[]> {
  const own = [cachePart.tutor(tutorId)];
  const classIds = await cachedForCentre(redis, centreId, own, `tutor-classes:${tutorId}`, TTL_SECONDS, async () =>
    (await classesForTutor(centreId, tutorId)).map((klass) => klass.id),
  );
  return [...own, ...classIds.map(cachePart.class), ...(seesAll ? (["queue"] as const) : [])];
}

export async function tutorDashboard(
  centre: DashboardCentre,
  tutorId: string,
  seesAll: boolean,
  now = new Date(),
): Promise<TutorDashboard> {
  return cachedViewForCentre(redis, centre.id, await tutorDashboardView(centre, tutorId, seesAll, now));
}

/** The tutor's figures as cached (their class list read first: it names the parts). */
export async function tutorDashboardView(
  { id: centreId, timeZone }: DashboardCentre,
  tutorId: string,
  seesAll: boolean,
  now = new Date(),
): Promise<CachedView<TutorDashboard, TutorDashboard>> {
  const compute = async (): Promise<TutorDashboard> => {
    const [today, queue, concerns] = await Promise.all([
      tutorToday(centreId, tutorId, now),
      markingQueueCount(centreId, seesAll ? null : tutorId),
      studentsNeedingAttention(dbRead, centreId, tutorId, now),
    ]);
    return {
      kind: "tutor",
      today: today.map((session) => sessionLine(session, timeZone)),
      markingQueue: queue,
      needingAttention: concerns,
    };
  };
  return {
    entry: {
      parts: await tutorParts(centreId, tutorId, seesAll),
      name: cacheName(`dashboard:tutor:${tutorId}:${seesAll}`),
      ttlSeconds: TTL_SECONDS,
      compute,
    },
    shown: (dashboard) => dashboard,
  };
}

/** A child's figures as cached: each recorded session's start, counted when shown for the last 30 days. */
interface CachedChild extends Omit<ChildSummary, "attendance" | "homework" | "recentMarks"> {
  attendance: { at: string; attended: boolean }[];
  homework: CachedLine[];
  recentMarks: CachedLine[];
}

async function cachedChild(
  centreId: CentreId,
  child: { id: string; name: string },
  timeZone: string,
  now: Date,
): Promise<CachedChild> {
  // Wide enough for any moment the value is shown at: it lives PERSON_TTL_SECONDS at most.
  const margin = PERSON_TTL_SECONDS * 1000;
  const [attendance, homework] = await Promise.all([
    attendanceForStudent(centreId, child.id, {
      from: new Date(now.getTime() - ATTENDANCE_DAYS * DAY_MS),
      to: new Date(now.getTime() + margin),
    }),
    homeworkOverview(centreId, child.id, { due: 0, latest: 5, marks: 3 }, now),
  ]);
  return {
    id: child.id,
    name: child.name,
    attendance: attendance
      .filter((session) => session.status !== null)
      .map((session) => ({ at: session.startsAt.toISOString(), attended: session.status !== "absent" })),
    homework: homework.latest.map((status) => cachedLine(status, timeZone)),
    recentMarks: homework.recentMarks.map((status) => cachedLine(status, timeZone)),
  };
}

function shownChild(child: CachedChild, now: Date): ChildSummary {
  const from = now.getTime() - ATTENDANCE_DAYS * DAY_MS;
  const recorded = child.attendance.filter(({ at }) => Date.parse(at) >= from && Date.parse(at) < now.getTime());
  return {
    id: child.id,
    name: child.name,
    attendance: { recorded: recorded.length, attended: recorded.filter((session) => session.attended).length },
    homework: child.homework.map((line) => shownLine(line, now)),
    recentMarks: child.recentMarks.map((line) => shownLine(line, now)),
  };
}

/**
 * `children`: who the parent's children are, when the caller has read them already (the home page
 * lists them with their consent); otherwise read here (one indexed query). Read on each view
 * either way: the figures follow each child.
 */
export async function parentDashboard(
  centre: DashboardCentre,
  parentId: string,
  knownChildren?: readonly { id: string; name: string }[],
  now = new Date(),
): Promise<ParentDashboard> {
  const children = knownChildren ?? (await childrenOf(dbRead, centre.id, parentId));
  return cachedViewForCentre(redis, centre.id, parentDashboardView(centre, parentId, children, now));
}

/** The parent's figures as cached for these children, shown at `now`. */
export function parentDashboardView(
  { id: centreId, timeZone }: DashboardCentre,
  parentId: string,
  children: readonly { id: string; name: string }[],
  now = new Date(),
): CachedView<CachedChild[], ParentDashboard> {
  return {
    entry: {
      parts: children.map((child) => cachePart.student(child.id)),
      // Named apart from the shape cached before (a whole dashboard): a value left by the previous
      // release is never read as this one's.
      name: cacheName(`parent-figures:${parentId}`),
      ttlSeconds: PERSON_TTL_SECONDS,
      compute: () => Promise.all(children.map((child) => cachedChild(centreId, child, timeZone, now))),
    },
    shown: (cached) => ({ kind: "parent", children: cached.map((child) => shownChild(child, now)) }),
  };
}

export function adminDashboard(centre: DashboardCentre, now = new Date()): Promise<AdminDashboard> {
  return cachedViewForCentre(redis, centre.id, adminDashboardView(centre, now));
}

export function adminDashboardView(
  { id: centreId, timeZone }: DashboardCentre,
  now = new Date(),
): CachedView<AdminDashboard, AdminDashboard> {
  const compute = async (): Promise<AdminDashboard> => {
    const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
    const [today, rate, overdue, active] = await Promise.all([
      sessionsToday(centreId, now),
      attendanceRate(dbRead, centreId, weekAgo, now),
      overdueHomeworkCount(centreId, now),
      activeUserCount(dbRead, centreId, weekAgo),
    ]);
    return {
      kind: "admin",
      today: today.map((session) => sessionLine(session, timeZone)),
      attendanceRate: rate,
      overdueHomework: overdue,
      activeUsers: active,
    };
  };
  return {
    entry: { parts: ["centre"], name: cacheName("dashboard:admin"), ttlSeconds: TTL_SECONDS, compute },
    shown: (dashboard) => dashboard,
  };
}

export interface StudentProgress {
  studentName: string;
  progress: CourseProgress[];
  homework: HomeworkLine[];
}

/** The progress page of one student; the caller has checked who may see it. */
export async function studentProgress(
  { id: centreId, timeZone }: DashboardCentre,
  student: { id: string; name: string },
  now = new Date(),
): Promise<StudentProgress> {
  const [progress, homework] = await Promise.all([
    progressForStudent(centreId, student.id),
    homeworkForStudent(centreId, student.id),
  ]);
  return {
    studentName: student.name,
    progress,
    homework: homework.map((status) => homeworkLine(status, timeZone, now)),
  };
}
