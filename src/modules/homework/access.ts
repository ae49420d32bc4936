import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { ROLE_TIER } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import type { CentreId } from "../../platform/tenancy";
import { classesForTutor } from "../classes";
import {
  exercisesOfHomeworkQuery,
  type HomeworkExercise,
  type HomeworkRow,
  homeworkInScope,
  ownSubmission,
  ownSubmissionQuestion,
  type StaffScope,
  type SubmissionDetail,
  submissionInScope,
} from "./queries";

/** Row-level rules: beyond the permission, whose homework and submissions a person may reach. */

/** A head tutor and up work across the centre; a tutor within their own classes and homework. */
export function seesWholeCentre(actor: Pick<Actor, "role">): boolean {
  return ROLE_TIER[actor.role] >= ROLE_TIER.head_tutor;
}

export async function scopeOf(actor: Actor): Promise<StaffScope> {
  if (seesWholeCentre(actor)) return { all: true };
  const classes = await classesForTutor(actor.centreId, actor.userId);
  return { all: false, tutorId: actor.userId, classIds: classes.map((row) => row.id) };
}

/** Whose marking queue a person works through: their own, or (null) the whole centre's. */
export function queueOwnerOf(actor: Actor): string | null {
  return seesWholeCentre(actor) ? null : actor.userId;
}

export async function homeworkForStaff(actor: Actor, id: string): Promise<HomeworkRow> {
  const homework = await homeworkInScope(db, actor.centreId, id, await scopeOf(actor));
  if (!homework) throw new NotFoundError(t("homework.error.notFound"));
  return homework;
}

export async function submissionForStaff(actor: Actor, id: string): Promise<SubmissionDetail> {
  const submission = await submissionInScope(db, actor.centreId, id, await scopeOf(actor));
  if (!submission) throw new NotFoundError(t("homework.error.submissionNotFound"));
  return submission;
}

export async function submissionForStudent(actor: Actor, homeworkId: string): Promise<SubmissionDetail> {
  const submission = await ownSubmission(db, actor.centreId, homeworkId, actor.userId);
  if (!submission) throw new NotFoundError(t("homework.error.notFound"));
  return submission;
}

/** The homework's exercises in the order they were set (one statement). */
export function exercisesOfHomework(centreId: CentreId, homeworkId: string): Promise<HomeworkExercise[]> {
  return exercisesOfHomeworkQuery(db, centreId, homeworkId);
}

/** The student's own submission and question `n` of the homework: an answer autosave's one read. */
export async function questionForStudent(actor: Actor, homeworkId: string, n: number) {
  const found = await ownSubmissionQuestion(db, actor.centreId, homeworkId, actor.userId, n);
  if (!found) throw new NotFoundError(t("homework.error.notFound"));
  if (!found.question) throw new NotFoundError(t("homework.error.questionNotFound"));
  return { submission: found.submission, question: found.question };
}
