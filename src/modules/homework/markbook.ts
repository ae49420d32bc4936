import { dbRead } from "../../platform/db";
import type { SubmissionStatus } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { classById, studentsOfClass } from "../classes";
import { courseTitles } from "../courses";
import { seesWholeCentre } from "./access";
import {
  courseIdsOfClassHomework,
  type MarkbookCellRow,
  type MarkbookHomeworkRow,
  type MarkbookRange,
  markbookCells,
  markbookHomework,
} from "./markbook-queries";

/** What a markbook cell says of a piece of work, beyond the submission's own status. */
export const MARKBOOK_STATUSES = ["not_started", "in_progress", "handed_in", "late", "marked", "redo"] as const;
export type MarkbookStatus = (typeof MARKBOOK_STATUSES)[number];

/**
 * Late: handed in after its due time and not yet marked, or not handed in and past due. Marked
 * work stays "marked" however late it came; work sent back to redo is "redo".
 */
export function markbookStatus(status: SubmissionStatus, dueAt: Date, submittedAt: Date | null, now: Date) {
  if (status === "marked") return "marked";
  if (status === "returned") return "redo";
  if (status === "submitted") return submittedAt && submittedAt > dueAt ? "late" : "handed_in";
  return dueAt < now ? "late" : status;
}

export interface MarkbookCell {
  submissionId: string;
  status: MarkbookStatus;
  score: number | null;
  maxScore: number;
  /** Whole per cent of the mark, once marked. */
  percent: number | null;
  overridden: boolean;
}

export interface MarkbookColumn extends MarkbookHomeworkRow {
  /** The class's average percentage on this homework, over the marked work. */
  average: number | null;
}

export interface MarkbookRow {
  studentId: string;
  name: string;
  /** One per column, in column order; null where the student was not set the homework. */
  cells: (MarkbookCell | null)[];
  /** The student's average percentage over their marked work in the range. */
  average: number | null;
}

export type MarkbookSort = { by: "student" | "average" | string; descending: boolean };

export interface Markbook {
  columns: MarkbookColumn[];
  rows: MarkbookRow[];
  /** The average of the student averages; null when nothing is marked. */
  overall: number | null;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function toCell(row: MarkbookCellRow, column: MarkbookHomeworkRow, now: Date): MarkbookCell {
  const maxScore = Number(row.maxScore);
  const score = row.status === "marked" && row.score !== null ? Number(row.score) : null;
  return {
    submissionId: row.id,
    status: markbookStatus(row.status, column.dueAt, row.submittedAt, now),
    score,
    maxScore,
    percent: score === null || maxScore <= 0 ? null : (score / maxScore) * 100,
    overridden: row.overridden,
  };
}

function compareRows(sort: MarkbookSort, columnIndex: number) {
  const sortValue = (row: MarkbookRow) =>
    sort.by === "average" ? row.average : (row.cells[columnIndex]?.percent ?? null);
  return (a: MarkbookRow, b: MarkbookRow): number => {
    if (sort.by !== "student") {
      const [left, right] = [sortValue(a), sortValue(b)];
      // Rows without a mark go last whichever way the column is sorted.
      if (left !== right) {
        if (left === null) return 1;
        if (right === null) return -1;
        return sort.descending ? right - left : left - right;
      }
    }
    const byName = a.name.localeCompare(b.name) || a.studentId.localeCompare(b.studentId);
    return sort.by === "student" && sort.descending ? -byName : byName;
  };
}

/** The grid from its three reads: students down, homework across, one cell per submission. */
export function buildMarkbook(
  students: { id: string; name: string }[],
  homework: MarkbookHomeworkRow[],
  cells: MarkbookCellRow[],
  sort: MarkbookSort,
  now: Date,
): Markbook {
  const columnIndex = new Map(homework.map((column, index) => [column.id, index]));
  const byStudent = new Map(students.map((student) => [student.id, homework.map((): MarkbookCell | null => null)]));
  for (const row of cells) {
    const index = columnIndex.get(row.homeworkId);
    const line = byStudent.get(row.studentId);
    if (index === undefined || !line) continue;
    line[index] = toCell(row, homework[index] as MarkbookHomeworkRow, now);
  }
  const percents = (list: (MarkbookCell | null)[]) =>
    list.flatMap((cell) => (cell?.percent === null || cell === null ? [] : [cell.percent]));
  const rows = students.map((student) => {
    const line = byStudent.get(student.id) ?? [];
    return { studentId: student.id, name: student.name, cells: line, average: mean(percents(line)) };
  });
  const columns = homework.map((column, index) => ({
    ...column,
    average: mean(percents(rows.map((row) => row.cells[index] ?? null))),
  }));
  rows.sort(compareRows(sort, columnIndex.get(sort.by) ?? -1));
  const overall = mean(rows.flatMap((row) => (row.average === null ? [] : [row.average])));
  return { columns, rows, overall };
}

/** The class, if the actor may see its marks: its tutor, or a head tutor and up. */
export async function classForMarkbook(actor: Actor, classId: string) {
  const klass = await classById(actor.centreId, classId);
  if (!klass || (!seesWholeCentre(actor) && klass.tutorId !== actor.userId))
    throw new NotFoundError(t("homework.markbook.classNotFound"));
  return klass;
}

export interface ClassMarkbook extends Markbook {
  classId: string;
  className: string;
  courses: { id: string; title: string }[];
}

/**
 * A class's markbook in a constant number of queries: the class, its students, the course
 * choices, its homework in range, then every cell at once.
 */
export async function classMarkbook(
  actor: Actor,
  classId: string,
  range: MarkbookRange,
  sort: MarkbookSort,
  now = new Date(),
): Promise<ClassMarkbook> {
  const klass = await classForMarkbook(actor, classId);
  const [students, homework, courseIds] = await Promise.all([
    studentsOfClass(actor.centreId, classId),
    markbookHomework(dbRead, actor.centreId, classId, range),
    courseIdsOfClassHomework(dbRead, actor.centreId, classId),
  ]);
  const [cells, courses] = await Promise.all([
    markbookCells(
      dbRead,
      actor.centreId,
      homework.map((column) => column.id),
    ),
    courseTitles(actor.centreId, courseIds),
  ]);
  return {
    ...buildMarkbook(students, homework, cells, sort, now),
    classId,
    className: klass.name,
    courses,
  };
}
