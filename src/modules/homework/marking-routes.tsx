import { Elysia } from "elysia";
import { z } from "zod";
import { MarkingQueueView, SubmissionScreen } from "../../../views/homework/marking";
import { db } from "../../platform/db";
import { bindForm, type FormFailure } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { COUNT_CAP, lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { attachmentsForSubmission } from "../files";
import { exercisesOfHomework, queueOwnerOf, submissionForStaff } from "./access";
import { formatDue, isLate } from "./due";
import { formState, keysetQuery, longText, submissionParams } from "./forms";
import type { Grade } from "./grading";
import { pointsText, scoreText, statusBadge, toMarkedAnswers } from "./present";
import { answersOf, markingQueuePage, markingQueueSize, queueNeighbours } from "./queries";
import { gradeSubmission, moderateSubmission, overrideAutoMark, returnSubmission } from "./service";

const gradeForm = z.record(z.string(), z.unknown()).transform((body) => {
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
  return { text, feedback: text("feedback") };
});
const feedbackField = z.object({ feedback: longText });
const returnForm = z.object({
  feedback: z
    .string()
    .trim()
    .min(1, { error: lazy("homework.validation.redo") })
    .max(5000, { error: lazy("homework.validation.textLong") }),
});
const moderateForm = z.object({ score: z.string().max(20).default(""), feedback: longText });
const overrideForm = z.object({
  newScore: z.string().max(20).default(""),
  reason: z
    .string()
    .trim()
    .min(1, { error: lazy("homework.validation.overrideReason") })
    .max(1000, { error: lazy("homework.validation.textLong") }),
});

/** The marking screen, or the same screen again with a refused form's values and messages. */
async function screenPage(actor: Actor, id: string, page: PageRenderer, csrfToken: string, failure?: FormFailure) {
  return page(await renderScreen(actor, id, formState(csrfToken, failure)), {
    title: t("homework.marking.pageTitle"),
    status: failure?.status,
  });
}

async function neighboursOf(actor: Actor, submission: { id: string; submittedAt: Date | null }) {
  if (!submission.submittedAt) return { previous: null, next: null };
  return queueNeighbours(db, actor.centreId, queueOwnerOf(actor), { id: submission.id });
}

async function renderScreen(
  actor: Actor,
  id: string,
  form: { csrfToken: string; values: Record<string, string>; errors: Record<string, string> },
) {
  const submission = await submissionForStaff(actor, id);
  const { timeZone } = actor.centre;
  const [exercises, answers, neighbours, attachments] = await Promise.all([
    exercisesOfHomework(actor.centreId, submission.homeworkId),
    answersOf(db, actor.centreId, id),
    neighboursOf(actor, submission),
    attachmentsForSubmission(actor.centreId, id),
  ]);
  const { homework } = submission;
  const autoMarked = submission.status === "marked" && submission.markerId === null && submission.autoScore !== null;
  return (
    <SubmissionScreen
      {...form}
      {...neighbours}
      id={id}
      homeworkId={homework.id}
      homeworkTitle={homework.title}
      studentName={submission.studentName}
      submitted={submission.submittedAt ? formatDue(submission.submittedAt, timeZone) : null}
      badge={statusBadge(submission.status, isLate(homework.dueAt, submission.submittedAt, new Date()))}
      score={scoreText(submission.score, submission.maxScore)}
      autoScore={submission.autoScore === null ? null : pointsText(submission.autoScore)}
      maxScore={Number(submission.maxScore)}
      feedback={submission.feedback}
      moderated={submission.moderatedAt ? formatDue(submission.moderatedAt, timeZone) : null}
      answers={toMarkedAnswers(exercises, answers)}
      attachments={attachments}
      canGrade={submission.status === "submitted" && roleHas(actor.role, "submission.grade")}
      canModerate={submission.status === "marked" && roleHas(actor.role, "submission.moderate")}
      canOverride={autoMarked && roleHas(actor.role, "submission.grade")}
      overridden={
        submission.override
          ? t("homework.override.done", {
              auto: scoreText(submission.autoScore, submission.maxScore) ?? "",
              when: formatDue(submission.override.at, timeZone),
              reason: submission.override.reason,
            })
          : null
      }
    />
  );
}

/** After marking, on to the next piece in the queue, or back to the queue when it is empty. */
async function nextPlace(actor: Actor, submission: { id: string; submittedAt: Date | null }) {
  const { next } = await neighboursOf(actor, submission);
  return next ? `/submissions/${next}` : "/marking";
}

export const markingRoutes = new Elysia({ name: "homework-marking-routes" })
  .use(guard)
  .get(
    "/marking",
    async ({ query, actor, page }) => {
      const at = parseInput(keysetQuery, query);
      const owner = queueOwnerOf(actor);
      const [queue, total] = await Promise.all([
        markingQueuePage(db, actor.centreId, owner, at),
        markingQueueSize(db, actor.centreId, owner),
      ]);
      const items = queue.rows.map((row) => ({
        id: row.id,
        homeworkTitle: row.homeworkTitle,
        studentName: row.studentName,
        submitted: formatDue(row.submittedAt, actor.centre.timeZone),
        late: isLate(row.dueAt, row.submittedAt, new Date()),
      }));
      const link = (direction: "after" | "before", token: string | null) =>
        token && `/marking?${new URLSearchParams({ [direction]: token })}`;
      return page(
        <MarkingQueueView
          items={items}
          total={total}
          totalCap={COUNT_CAP}
          previous={link("before", queue.previous)}
          next={link("after", queue.next)}
          paged={Boolean(at.after || at.before)}
        />,
        { title: t("homework.marking.title") },
      );
    },
    { permission: "marking_queue.read" },
  )
  .get(
    "/submissions/:id",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(submissionParams, params);
      return screenPage(actor, id, page, csrfToken);
    },
    { permission: "submission.read" },
  )
  .post(
    "/submissions/:id/mark",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(submissionParams, params);
      return bindForm(gradeForm, body, {
        valid: async (form) => {
          parseInput(feedbackField, { feedback: form.feedback });
          const submission = await submissionForStaff(actor, id);
          const [exercises, next] = await Promise.all([
            exercisesOfHomework(actor.centreId, submission.homeworkId),
            nextPlace(actor, submission),
          ]);
          const grade: Grade = {
            answers: Object.fromEntries(
              exercises.map((exercise) => [
                exercise.id,
                { points: form.text(`points-${exercise.id}`), feedback: form.text(`feedback-${exercise.id}`) },
              ]),
            ),
            overall: form.text("overall"),
            feedback: form.feedback.trim(),
          };
          // What was just read, handed on: the mark's write reads neither again.
          await gradeSubmission(actor, id, grade, { submission, exercises });
          return redirectTo(request, next);
        },
        invalid: (failure) => screenPage(actor, id, page, csrfToken, failure),
      });
    },
    { permission: "submission.grade" },
  )
  .post(
    "/submissions/:id/return",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(submissionParams, params);
      return bindForm(returnForm, body, {
        valid: async ({ feedback }) => {
          const next = await nextPlace(actor, await submissionForStaff(actor, id));
          await returnSubmission(actor, id, feedback);
          return redirectTo(request, next);
        },
        invalid: (failure) => screenPage(actor, id, page, csrfToken, failure),
      });
    },
    { permission: "submission.return" },
  )
  .post(
    "/submissions/:id/moderate",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(submissionParams, params);
      return bindForm(moderateForm, body, {
        valid: async (form) => {
          await moderateSubmission(actor, id, form);
          return redirectTo(request, `/submissions/${id}`);
        },
        invalid: (failure) => screenPage(actor, id, page, csrfToken, failure),
      });
    },
    { permission: "submission.moderate" },
  )
  .post(
    "/submissions/:id/override",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(submissionParams, params);
      return bindForm(overrideForm, body, {
        valid: async (form) => {
          await overrideAutoMark(actor, id, form);
          return redirectTo(request, `/submissions/${id}`);
        },
        invalid: (failure) => screenPage(actor, id, page, csrfToken, failure),
      });
    },
    { permission: "submission.grade" },
  );
