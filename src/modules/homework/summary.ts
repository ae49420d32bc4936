import { db, dbRead } from "../../platform/db";
import type { SubmissionStatus } from "../../platform/db/schema";
import type { CentreId } from "../../platform/tenancy";
import { isLate } from "./due";
import {
  type CompletionRow,
  completionByCourse,
  markedForStudent,
  markingQueueSize,
  outstandingForStudent,
  overdueCount,
  type StudentHomeworkRow,
  studentHomeworkPage,
  studentOverview,
} from "./queries";

/** What dashboards, progress and the parent's view show of one piece of a student's homework. */
export interface HomeworkStatus {
  homeworkId: string;
  title: string;
  dueAt: Date;
  status: SubmissionStatus;
  /** When it was handed in, if it was: with dueAt, whether it is late at any later moment. */
  submittedAt: Date | null;
  late: boolean;
  score: number | null;
  maxScore: number;
  feedback: string;
  markedAt: Date | null;
}

export function toHomeworkStatus(row: StudentHomeworkRow, now: Date): HomeworkStatus {
  return {
    homeworkId: row.homeworkId,
    title: row.title,
    dueAt: row.dueAt,
    status: row.status,
    submittedAt: row.submittedAt,
    late: isLate(row.dueAt, row.submittedAt, now),
    score: row.score === null ? null : Number(row.score),
    maxScore: Number(row.maxScore),
    feedback: row.status === "marked" || row.status === "returned" ? row.feedback : "",
    markedAt: row.markedAt,
  };
}

/** Outstanding homework (not started, in progress, returned), soonest due first. */
export async function dueHomeworkForStudent(
  centreId: CentreId,
  studentId: string,
  now: Date = new Date(),
  limit = 20,
): Promise<HomeworkStatus[]> {
  const rows = await outstandingForStudent(dbRead, centreId, studentId, limit);
  return rows.map((row) => toHomeworkStatus(row, now));
}

/** The student's latest homework (to do first, then handed in): the parent's and progress view. */
export async function homeworkForStudent(centreId: CentreId, studentId: string): Promise<HomeworkStatus[]> {
  const now = new Date();
  return (await studentHomeworkPage(dbRead, centreId, studentId, {})).rows.map((row) => toHomeworkStatus(row, now));
}

export async function recentMarksForStudent(
  centreId: CentreId,
  studentId: string,
  limit = 5,
): Promise<HomeworkStatus[]> {
  const now = new Date();
  return (await markedForStudent(dbRead, centreId, studentId, limit)).map((row) => toHomeworkStatus(row, now));
}

/**
 * Work waiting for this tutor to mark (their classes and what they set); tutorId null: the whole
 * centre. Counted up to COUNT_CAP: show it with formatCount ("99+").
 */
export function markingQueueCount(centreId: CentreId, tutorId: string | null): Promise<number> {
  return markingQueueSize(db, centreId, tutorId);
}

/** Submissions not handed in whose due time has passed, across the centre, counted up to COUNT_CAP. */
export function overdueHomeworkCount(centreId: CentreId, now: Date = new Date()): Promise<number> {
  return overdueCount(dbRead, centreId, now);
}

export interface HomeworkCompletion {
  assigned: number;
  handedIn: number;
  byCourse: { courseId: string | null; assigned: number; handedIn: number }[];
}

/** How much of the homework set to a student has been handed in, overall and per course. */
export async function homeworkCompletion(centreId: CentreId, studentId: string): Promise<HomeworkCompletion> {
  return completionOf(await completionByCourse(dbRead, centreId, studentId));
}

function completionOf(byCourse: CompletionRow[]): HomeworkCompletion {
  return {
    assigned: byCourse.reduce((sum, row) => sum + row.assigned, 0),
    handedIn: byCourse.reduce((sum, row) => sum + row.handedIn, 0),
    byCourse,
  };
}

/** A student's homework as their dashboard and their parents' show it (queries.ts, studentOverview). */
export interface HomeworkOverview {
  due: HomeworkStatus[];
  latest: HomeworkStatus[];
  recentMarks: HomeworkStatus[];
  completion: HomeworkCompletion;
}

/**
 * dueHomeworkForStudent, homeworkForStudent, recentMarksForStudent and homeworkCompletion in one
 * statement, each list cut to its limit (0: empty).
 */
export async function homeworkOverview(
  centreId: CentreId,
  studentId: string,
  limits: { due: number; latest: number; marks: number },
  now: Date = new Date(),
): Promise<HomeworkOverview> {
  const rows = await studentOverview(dbRead, centreId, studentId, {
    due: limits.due,
    latest: limits.latest,
    marked: limits.marks,
  });
  const status = (row: StudentHomeworkRow) => toHomeworkStatus(row, now);
  return {
    due: rows.due.map(status),
    latest: rows.latest.map(status),
    recentMarks: rows.marked.map(status),
    completion: completionOf(rows.completion),
  };
}
