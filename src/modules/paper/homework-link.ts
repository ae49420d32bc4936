import { type Kysely, sql } from "kysely";
import { db } from "../../platform/db";
import { indexedValue } from "../../platform/db/partial-index";
import type { Database, SubmissionStatus } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { type CentreId, selectFromTenant, tenantJoin, updateTenant } from "../../platform/tenancy";
import type { StaffScope } from "../homework";
import { exercisesOfHomework, homeworkForStaff, scopeOf, submissionsOfHomework } from "../homework";

/**
 * Everything paper needs from homework and submissions, in one place. Reads go through the
 * homework module where it offers them; the few lookups it does not offer (a submission by
 * homework and student for a scanned page, a student's own submission by id, handing in on
 * paper) are here, tenant-scoped, so they can move into the homework module unchanged.
 */

export interface SubmissionRef {
  id: string;
  status: SubmissionStatus;
  homeworkId: string;
  studentId: string;
  title: string;
}

function submissionRefs(executor: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(executor, "submissions", centreId)
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .where("homework.status", "=", "active")
    .select([
      "submissions.id",
      "submissions.status",
      "submissions.homework_id as homeworkId",
      "submissions.student_id as studentId",
      "homework.title",
    ]);
}

/** A student's own submission (of homework still set); anyone else's is not found. */
export async function ownSubmission(actor: Actor, submissionId: string): Promise<SubmissionRef> {
  const found = await submissionRefs(db, actor.centreId)
    .where("submissions.id", "=", submissionId)
    .where("submissions.student_id", "=", actor.userId)
    .executeTakeFirst();
  if (!found) throw new NotFoundError(t("paper.error.homeworkNotFound"));
  return found;
}

/** The submission a scanned page names, if that homework and student are in this centre. */
export function submissionForPage(
  executor: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
  studentId: string,
): Promise<SubmissionRef | undefined> {
  return submissionRefs(executor, centreId)
    .where("submissions.homework_id", "=", homeworkId)
    .where("submissions.student_id", "=", studentId)
    .executeTakeFirst();
}

/** A submission a member of staff may file a page on (their scope, as for marking). */
export async function submissionInStaffScope(actor: Actor, submissionId: string): Promise<SubmissionRef | undefined> {
  const scope = await scopeOf(actor);
  return submissionRefs(db, actor.centreId)
    .where("submissions.id", "=", submissionId)
    .where(inScope(scope))
    .executeTakeFirst();
}

function inScope(scope: StaffScope) {
  return (eb: import("kysely").ExpressionBuilder<Database, "homework">) => {
    if (scope.all) return eb.lit(true);
    const own = eb("homework.set_by", "=", scope.tutorId);
    return scope.classIds.length ? eb.or([own, eb("homework.class_id", "in", scope.classIds)]) : own;
  };
}

const NOT_HANDED_IN: SubmissionStatus[] = ["not_started", "in_progress", "returned"];

/** Pages arriving on paper are the hand-in: the submission joins the marking queue. */
export async function handInOnPaper(trx: Kysely<Database>, centreId: CentreId, submissionId: string, at: Date) {
  await updateTenant(trx, "submissions", centreId)
    .where("id", "=", submissionId)
    .where("status", "in", NOT_HANDED_IN)
    .set({ status: "submitted", submitted_at: at, updated_at: at })
    .execute();
}

export interface WorksheetSource {
  id: string;
  title: string;
  dueAt: Date;
  pages: number;
  prompt: string;
  students: { id: string; name: string }[];
}

const MAX_PAGES = 20;

/** "Paper worksheet: 3 pages." is how the homework module records pages set without an exercise. */
function pagesFromInstructions(instructions: string): number | null {
  const match = /Paper worksheet:\s*(\d+)\s*page/i.exec(instructions);
  return match ? Number(match[1]) : null;
}

/** A worksheet homework the member of staff may print, with its pages and students. */
export async function worksheetForStaff(actor: Actor, homeworkId: string): Promise<WorksheetSource> {
  const homework = await homeworkForStaff(actor, homeworkId);
  if (homework.kind !== "worksheet" || homework.status !== "active") {
    throw new NotFoundError(t("paper.error.onlyWorksheets"));
  }
  const sheets = (await exercisesOfHomework(actor.centreId, homework.id)).filter(
    (exercise) => exercise.kind === "worksheet",
  );
  const exercisePages = sheets.reduce((sum, exercise) => sum + (Number(exercise.config.pages) || 0), 0);
  const pages = Math.min(MAX_PAGES, Math.max(1, exercisePages || pagesFromInstructions(homework.instructions) || 1));
  const prompt = sheets.length
    ? sheets.map((exercise) => exercise.prompt).join(" ")
    : homework.instructions.replace(/Paper worksheet:[^\n]*\n*/i, "");
  const submissions = await submissionsOfHomework(db, actor.centreId, homework.id);
  return {
    id: homework.id,
    title: homework.title,
    dueAt: homework.dueAt,
    pages,
    prompt: prompt.trim(),
    students: submissions.map((row) => ({ id: row.studentId, name: row.studentName })),
  };
}

export interface AssignableSubmission {
  submissionId: string;
  homeworkId: string;
  homeworkTitle: string;
  dueAt: Date;
  studentName: string;
}

const ASSIGNABLE_HOMEWORK = 20;

/**
 * Where a reviewer may file a page: students of the latest paper worksheets in their scope, found
 * through the centre's active worksheets alone (homework_centre_worksheet_due_idx), not by walking
 * every homework of the centre, under any plan (the index's conditions are stated, see
 * indexedValue). The worksheets' titles and dates come from that short list, so the join to their
 * submissions never reads the homework table again.
 */
export async function assignableSubmissions(actor: Actor): Promise<AssignableSubmission[]> {
  const scope = await scopeOf(actor);
  const recent = selectFromTenant(db, "homework", actor.centreId)
    .where("homework.kind", "=", indexedValue("worksheet"))
    .where("homework.status", "=", indexedValue("active"))
    .where(inScope(scope))
    .select(["homework.id", "homework.title", "homework.due_at"])
    .orderBy("homework.due_at", "desc")
    .limit(ASSIGNABLE_HOMEWORK);
  return selectFromTenant(db, "submissions", actor.centreId)
    .innerJoin(recent.as("recent"), "recent.id", "submissions.homework_id")
    .innerJoin("users", tenantJoin("users.id", "submissions.student_id"))
    .select([
      "submissions.id as submissionId",
      "recent.id as homeworkId",
      "recent.title as homeworkTitle",
      "recent.due_at as dueAt",
      "users.name as studentName",
    ])
    .orderBy("recent.due_at", "desc")
    .orderBy("recent.id")
    .orderBy(sql`lower(users.name)`)
    .execute();
}
