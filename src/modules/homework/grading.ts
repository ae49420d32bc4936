import { sql } from "kysely";
import { db } from "../../platform/db";
import { prepared } from "../../platform/db/prepared";
import { ConflictError, ValidationError } from "../../platform/errors";
import { publishEvent } from "../../platform/events";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { type CentreId, updateTenant } from "../../platform/tenancy";
import { isTutorMarked } from "../courses";
import { exercisesOfHomework, submissionForStaff } from "./access";
import { homeworkChanged } from "./cache-parts";
import { auditMark } from "./mark-audit";
import type { HomeworkExercise, SubmissionDetail } from "./queries";

/** What a tutor typed for one tutor-marked answer. */
export interface AnswerGrade {
  points: string;
  feedback: string;
}

export interface Grade {
  answers: Record<string, AnswerGrade>;
  /** For a paper worksheet set without exercises: the one score for the whole piece. */
  overall: string;
  feedback: string;
}

/** Points typed by a person: 0 to max, in halves at finest, so "1,5" and "2" both read. */
export function parsePoints(text: string | undefined, max: number): number | null {
  const value = Number((text ?? "").trim().replace(",", "."));
  if ((text ?? "").trim() === "" || !Number.isFinite(value) || value < 0 || value > max) return null;
  return Math.round(value * 2) / 2 === value ? value : null;
}

function pointsOrError(text: string | undefined, max: number, field: string): number {
  const points = parsePoints(text, max);
  if (points === null) throw new ValidationError({ [field]: t("homework.validation.points", { max }) });
  return points;
}

interface MarkValues extends Record<string, unknown> {
  centreId: CentreId;
  id: string;
  score: number;
  feedback: string;
  markerId: string;
  now: Date;
}

// Built once (issue 17): every mark sends it. Only work still waiting is marked.
const markWaiting = prepared((trx, p: MarkValues) =>
  updateTenant(trx, "submissions", p.centreId)
    .where("id", "=", p.id)
    .where("status", "=", "submitted")
    .set({
      status: "marked",
      score: p.score,
      feedback: p.feedback,
      marker_id: p.markerId,
      marked_at: p.now,
      updated_at: p.now,
    })
    .returning(
      sql<number>`(select count(*)::int from answers a
                   where a.centre_id = ${p.centreId} and a.submission_id = ${p.id} and a.is_correct)`.as("autoCorrect"),
    ),
);

/** Marks a submitted piece of work: tutor points on top of the auto-marked score. */
export async function gradeSubmission(
  actor: Actor,
  submissionId: string,
  grade: Grade,
  /**
   * The submission as submissionForStaff read it for this actor, and its homework's exercises,
   * when the caller (the mark route) has just read them: three statements less. The write itself
   * still only marks work that is waiting (`status = 'submitted'` in the update).
   */
  read?: { submission: SubmissionDetail; exercises: HomeworkExercise[] },
): Promise<void> {
  const submission = read?.submission ?? (await submissionForStaff(actor, submissionId));
  if (submission.id !== submissionId) throw new Error("gradeSubmission: the submission read is another one");
  if (submission.status !== "submitted") throw new ConflictError(t("homework.error.notWaiting"));
  const exercises = read?.exercises ?? (await exercisesOfHomework(actor.centreId, submission.homeworkId));
  const byTutor = exercises
    .filter((exercise) => isTutorMarked(exercise.kind))
    .map((exercise) => ({
      exerciseId: exercise.id,
      outOf: exercise.points,
      points: pointsOrError(grade.answers[exercise.id]?.points, exercise.points, `points-${exercise.id}`),
      feedback: (grade.answers[exercise.id]?.feedback ?? "").slice(0, 5000),
    }));
  const overall = exercises.length === 0 ? pointsOrError(grade.overall, Number(submission.maxScore), "overall") : 0;
  const score = Number(submission.autoScore ?? 0) + overall + byTutor.reduce((sum, answer) => sum + answer.points, 0);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    // Every tutor-marked answer in one statement.
    if (byTutor.length > 0) {
      const given = sql.join(
        byTutor.map(
          (answer) => sql`(${answer.exerciseId}::uuid, ${String(answer.points)}::numeric, ${answer.feedback}::text)`,
        ),
      );
      await sql`
        update answers set tutor_points = given.points, feedback = given.feedback, updated_at = ${now}
        from (values ${given}) as given (exercise_id, points, feedback)
        where answers.centre_id = ${actor.centreId} and answers.submission_id = ${submissionId}
          and answers.exercise_id = given.exercise_id`.execute(trx);
    }
    // The auto-marked answers that were right come back with the update (one round trip less).
    const result = await markWaiting.first(trx, {
      centreId: actor.centreId,
      id: submissionId,
      score,
      feedback: grade.feedback,
      markerId: actor.userId,
      now,
    });
    if (!result) throw new ConflictError(t("homework.error.markedElsewhere"));
    const autoCorrect = result.autoCorrect;
    const fullByTutor = byTutor.filter((answer) => answer.points === answer.outOf).length;
    const wholePiece = exercises.length === 0 && overall === Number(submission.maxScore) ? 1 : 0;
    await publishEvent(trx, {
      type: "submission.marked",
      centreId: actor.centreId,
      payload: {
        submissionId,
        homeworkId: submission.homeworkId,
        studentId: submission.studentId,
        markerId: actor.userId,
        title: submission.homework.title,
        score,
        maxScore: Number(submission.maxScore),
        correctAnswers: autoCorrect + fullByTutor + wholePiece,
      },
    });
    // Last: the audit chain stays locked until the transaction ends.
    const perAnswer = byTutor.map(({ exerciseId, points, outOf }) => ({ exerciseId, points, outOf }));
    await auditMark(trx, actor, "submission.grade", submission, {
      status: "marked",
      score,
      feedback: grade.feedback,
      answers: perAnswer,
    });
  });
  await homeworkChanged(actor.centreId, submission.homework, [submission.studentId], ["queue"]);
}

/** Sends the work back for the student to redo, with what to change. */
export async function returnSubmission(actor: Actor, submissionId: string, feedback: string): Promise<void> {
  const submission = await submissionForStaff(actor, submissionId);
  if (submission.status !== "submitted") throw new ConflictError(t("homework.error.notWaiting"));
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const result = await updateTenant(trx, "submissions", actor.centreId)
      .where("id", "=", submissionId)
      .where("status", "=", "submitted")
      .set({ status: "returned", feedback, score: null, marker_id: actor.userId, marked_at: now, updated_at: now })
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new ConflictError(t("homework.error.markedElsewhere"));
    await publishEvent(trx, {
      type: "submission.returned",
      centreId: actor.centreId,
      payload: {
        submissionId,
        homeworkId: submission.homeworkId,
        studentId: submission.studentId,
        markerId: actor.userId,
        title: submission.homework.title,
      },
    });
    await auditMark(trx, actor, "submission.return", submission, { status: "returned", score: null, feedback });
  });
  await homeworkChanged(actor.centreId, submission.homework, [submission.studentId], ["queue"]);
}

/** A head tutor changes a marked score or its feedback; the change and who made it are audited. */
export async function moderateSubmission(
  actor: Actor,
  submissionId: string,
  change: { score: string; feedback: string },
): Promise<void> {
  const submission = await submissionForStaff(actor, submissionId);
  if (submission.status !== "marked") throw new ConflictError(t("homework.error.onlyMarkedModerated"));
  const score = pointsOrError(change.score, Number(submission.maxScore), "score");
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await updateTenant(trx, "submissions", actor.centreId)
      .where("id", "=", submissionId)
      .set({ score, feedback: change.feedback, moderated_by: actor.userId, moderated_at: now, updated_at: now })
      .execute();
    await auditMark(trx, actor, "submission.moderate", submission, { score, feedback: change.feedback });
  });
  await homeworkChanged(actor.centreId, submission.homework, [submission.studentId]);
}

/**
 * A tutor overrides the auto-mark of work marked on hand-in: the auto-mark stays in auto_score,
 * the new score is what everyone sees, and who, when and why are kept beside it and audited.
 */
export async function overrideAutoMark(
  actor: Actor,
  submissionId: string,
  change: { newScore: string; reason: string },
  now = new Date(),
): Promise<void> {
  const submission = await submissionForStaff(actor, submissionId);
  if (submission.status !== "marked" || submission.markerId !== null || submission.autoScore === null)
    throw new ConflictError(t("homework.error.notAutoMarked"));
  const score = pointsOrError(change.newScore, Number(submission.maxScore), "newScore");
  await db.transaction().execute(async (trx) => {
    const result = await updateTenant(trx, "submissions", actor.centreId)
      .where("id", "=", submissionId)
      .where("status", "=", "marked")
      .where("marker_id", "is", null)
      .set({ score, override_by: actor.userId, override_at: now, override_reason: change.reason, updated_at: now })
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new ConflictError(t("homework.error.markedElsewhere"));
    await auditMark(trx, actor, "submission.override", submission, { score, overrideReason: change.reason });
  });
  await homeworkChanged(actor.centreId, submission.homework, [submission.studentId]);
}
