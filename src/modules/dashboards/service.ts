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
import { cachedForCentre } from "../../platform/cache";
import { dbRead } from "../../platform/db";
import type { SubmissionStatus } from "../../platform/db/schema";
import { currentLocale, formatDateParts, formatTime, type MessageKey, t } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { attendanceForStudent, sessionsToday, tutorToday } from "../classes";
import { coursesForStudent } from "../courses";
import type { HomeworkStatus } from "../homework";
import {
  dueHomeworkForStudent,
  homeworkCompletion,
  homeworkForStudent,
  markingQueueCount,
  overdueHomeworkCount,
  recentMarksForStudent,
} from "../homework";
import { childrenOf } from "../people";
import { studentsNeedingAttention } from "./attention";
import { activeUserCount, attendanceRate, exerciseStatsByCourse } from "./queries";

/**
 * Figures are cached for a minute per centre, person and language (the cached lines are worded
 * and dated for the reader); writes that change them bump the centre's cache.
 */
const TTL_SECONDS = 60;
const DAY_MS = 24 * 3600 * 1000;

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

function homeworkLine(status: HomeworkStatus, timeZone: string, now: Date): HomeworkLine {
  const open = status.status !== "submitted" && status.status !== "marked";
  return {
    homeworkId: status.homeworkId,
    title: status.title,
    due: formatDateParts(new Date(status.dueAt), DUE_FORMAT, timeZone),
    overdue: open && new Date(status.dueAt).getTime() < now.getTime(),
    status: t(STATUS_LABELS[status.status]),
    late: status.late,
    mark: status.score === null ? null : t("dashboards.mark", { score: status.score, max: status.maxScore }),
    feedback: status.feedback,
  };
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

export function studentDashboard(
  { id: centreId, timeZone }: DashboardCentre,
  studentId: string,
  now = new Date(),
): Promise<StudentDashboard> {
  return cachedForCentre(redis, centreId, cacheName(`dashboard:student:${studentId}`), TTL_SECONDS, async () => {
    const [due, marks, progress] = await Promise.all([
      dueHomeworkForStudent(centreId, studentId, now),
      recentMarksForStudent(centreId, studentId, 5),
      progressForStudent(centreId, studentId),
    ]);
    return {
      kind: "student",
      studentId,
      due: due.map((status) => homeworkLine(status, timeZone, now)),
      recentMarks: marks.map((status) => homeworkLine(status, timeZone, now)),
      progress,
    };
  });
}

export function tutorDashboard(
  { id: centreId, timeZone }: DashboardCentre,
  tutorId: string,
  seesAll: boolean,
  now = new Date(),
): Promise<TutorDashboard> {
  return cachedForCentre(redis, centreId, cacheName(`dashboard:tutor:${tutorId}:${seesAll}`), TTL_SECONDS, async () => {
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
  });
}

async function childSummary(
  centreId: CentreId,
  child: { id: string; name: string },
  timeZone: string,
  now: Date,
): Promise<ChildSummary> {
  const [attendance, homework, marks] = await Promise.all([
    attendanceForStudent(centreId, child.id, { from: new Date(now.getTime() - 30 * DAY_MS), to: now }),
    homeworkForStudent(centreId, child.id),
    recentMarksForStudent(centreId, child.id, 3),
  ]);
  const recorded = attendance.filter((session) => session.status !== null);
  return {
    id: child.id,
    name: child.name,
    attendance: {
      recorded: recorded.length,
      attended: recorded.filter((session) => session.status !== "absent").length,
    },
    homework: homework.slice(0, 5).map((status) => homeworkLine(status, timeZone, now)),
    recentMarks: marks.map((status) => homeworkLine(status, timeZone, now)),
  };
}

export function parentDashboard(
  { id: centreId, timeZone }: DashboardCentre,
  parentId: string,
  now = new Date(),
): Promise<ParentDashboard> {
  return cachedForCentre(redis, centreId, cacheName(`dashboard:parent:${parentId}`), TTL_SECONDS, async () => {
    const children = await childrenOf(dbRead, centreId, parentId);
    return {
      kind: "parent",
      children: await Promise.all(children.map((child) => childSummary(centreId, child, timeZone, now))),
    };
  });
}

export function adminDashboard({ id: centreId, timeZone }: DashboardCentre, now = new Date()): Promise<AdminDashboard> {
  return cachedForCentre(redis, centreId, cacheName("dashboard:admin"), TTL_SECONDS, async () => {
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
  });
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
