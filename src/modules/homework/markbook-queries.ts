import { type Kysely, sql } from "kysely";
import type { Database, SubmissionStatus } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

/**
 * The markbook's reads: set-based, one query for the columns and one for every cell, whatever
 * the size of the class (homework through homework_centre_class_due_idx, submissions through
 * submissions_centre_homework_idx).
 */

/** Which of a class's homework the markbook shows: due in [from, to), of one course or all. */
export interface MarkbookRange {
  from: Date | null;
  to: Date | null;
  courseId: string | null;
}

/** A markbook shows at most this many homework; a longer range is cut to its latest. */
export const MARKBOOK_MAX_COLUMNS = 200;

export interface MarkbookHomeworkRow {
  id: string;
  title: string;
  dueAt: Date;
  courseId: string | null;
}

function classHomework(db: Kysely<Database>, centreId: CentreId, classId: string, range: MarkbookRange) {
  let query = selectFromTenant(db, "homework", centreId)
    .where("homework.class_id", "=", classId)
    .where("homework.status", "=", "active");
  if (range.from) query = query.where("homework.due_at", ">=", range.from);
  if (range.to) query = query.where("homework.due_at", "<", range.to);
  if (range.courseId) query = query.where("homework.course_id", "=", range.courseId);
  return query;
}

/** The class's homework in the range, oldest due first (the latest MARKBOOK_MAX_COLUMNS of them). */
export async function markbookHomework(
  db: Kysely<Database>,
  centreId: CentreId,
  classId: string,
  range: MarkbookRange,
): Promise<MarkbookHomeworkRow[]> {
  const rows = await classHomework(db, centreId, classId, range)
    .select(["homework.id", "homework.title", "homework.due_at as dueAt", "homework.course_id as courseId"])
    .orderBy("homework.due_at", "desc")
    .orderBy("homework.id", "desc")
    .limit(MARKBOOK_MAX_COLUMNS)
    .execute();
  return rows.reverse();
}

export interface MarkbookCellRow {
  id: string;
  homeworkId: string;
  studentId: string;
  status: SubmissionStatus;
  submittedAt: Date | null;
  score: string | null;
  maxScore: string;
  overridden: boolean;
}

/** Every submission of those homework: one row per student and homework, in one query. */
export function markbookCells(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkIds: string[],
): Promise<MarkbookCellRow[]> {
  if (homeworkIds.length === 0) return Promise.resolve([]);
  return selectFromTenant(db, "submissions", centreId)
    .where("submissions.homework_id", "in", homeworkIds)
    .select([
      "submissions.id",
      "submissions.homework_id as homeworkId",
      "submissions.student_id as studentId",
      "submissions.status",
      "submissions.submitted_at as submittedAt",
      "submissions.score",
      sql<string>`submissions.max_score`.as("maxScore"),
      sql<boolean>`submissions.override_at is not null`.as("overridden"),
    ])
    .execute();
}

/** The courses the class's homework was set from (the markbook's course filter). */
export async function courseIdsOfClassHomework(
  db: Kysely<Database>,
  centreId: CentreId,
  classId: string,
): Promise<string[]> {
  const rows = await classHomework(db, centreId, classId, { from: null, to: null, courseId: null })
    .where("homework.course_id", "is not", null)
    .select("homework.course_id")
    .distinct()
    .execute();
  return rows.flatMap((row) => (row.course_id ? [row.course_id] : []));
}
