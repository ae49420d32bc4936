import { Elysia } from "elysia";
import { z } from "zod";
import { MarkingQueueView, SubmissionScreen } from "../../../views/homework/marking";
import { db } from "../../platform/db";
import { actorOf } from "../../platform/http/actor";
import { redirectTo } from "../../platform/http/redirect";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { attachmentsForSubmission } from "../files";
import { exercisesOfHomework, scopeOf, submissionForStaff } from "./access";
import { formatDue, isLate } from "./due";
import { centreTimeZone, formValues, longText, pageQuery, submissionParams, withFormErrors } from "./forms";
import type { Grade } from "./grading";
import { scoreText, statusBadge, toMarkedAnswers } from "./present";
import { answersOf, markingQueuePage, markingQueueSize, PAGE_SIZE, queueNeighbours } from "./queries";
import { gradeSubmission, moderateSubmission, returnSubmission } from "./service";

const gradeForm = z.record(z.string(), z.unknown()).transform((body) => {
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
  return { text, feedback: text("feedback") };
});
const feedbackField = z.object({ feedback: longText });
const returnForm = z.object({
  feedback: z.string().trim().min(1, "Say what the student should redo").max(5000, "Keep this under 5,000 characters"),
});
const moderateForm = z.object({ score: z.string().max(20).default(""), feedback: longText });

type FormState = { csrfToken: string; values: Record<string, string>; errors: Record<string, string> };

async function neighboursOf(actor: Actor, submission: { id: string; submittedAt: Date | null }) {
  if (!submission.submittedAt) return { previous: null, next: null };
  const at = { submittedAt: submission.submittedAt, id: submission.id };
  return queueNeighbours(db, actor.centreId, await scopeOf(actor), at);
}

async function renderScreen(actor: Actor, id: string, form: FormState) {
  const submission = await submissionForStaff(actor, id);
  const [exercises, answers, neighbours, timeZone, attachments] = await Promise.all([
    exercisesOfHomework(actor.centreId, submission.homeworkId),
    answersOf(db, actor.centreId, id),
    neighboursOf(actor, submission),
    centreTimeZone(actor.centreId),
    attachmentsForSubmission(actor.centreId, id),
  ]);
  const { homework } = submission;
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
      autoScore={submission.autoScore === null ? null : String(Number(submission.autoScore))}
      maxScore={String(Number(submission.maxScore))}
      feedback={submission.feedback}
      moderated={submission.moderatedAt ? formatDue(submission.moderatedAt, timeZone) : null}
      answers={toMarkedAnswers(exercises, answers)}
      attachments={attachments}
      canGrade={submission.status === "submitted" && roleHas(actor.role, "submission.grade")}
      canModerate={submission.status === "marked" && roleHas(actor.role, "submission.moderate")}
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
    async ({ request, query, principal, page }) => {
      const actor = actorOf(principal, request);
      const { page: number } = parseInput(pageQuery, query);
      const scope = await scopeOf(actor);
      const [rows, total, timeZone] = await Promise.all([
        markingQueuePage(db, actor.centreId, scope, number),
        markingQueueSize(db, actor.centreId, scope),
        centreTimeZone(actor.centreId),
      ]);
      const items = rows.slice(0, PAGE_SIZE).map((row) => ({
        id: row.id,
        homeworkTitle: row.homeworkTitle,
        studentName: row.studentName,
        submitted: formatDue(row.submittedAt, timeZone),
        late: isLate(row.dueAt, row.submittedAt, new Date()),
      }));
      return page(<MarkingQueueView items={items} total={total} page={number} hasMore={rows.length > PAGE_SIZE} />, {
        title: "Marking queue",
      });
    },
    { permission: "marking_queue.read" },
  )
  .get(
    "/submissions/:id",
    async ({ request, params, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(submissionParams, params);
      return page(await renderScreen(actor, id, { csrfToken, values: {}, errors: {} }), { title: "Marking" });
    },
    { permission: "submission.read" },
  )
  .post(
    "/submissions/:id/mark",
    async ({ request, params, body, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(submissionParams, params);
      return withFormErrors(
        async () => {
          const form = parseInput(gradeForm, body);
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
          await gradeSubmission(actor, id, grade);
          return redirectTo(request, next);
        },
        async (errors) =>
          page(await renderScreen(actor, id, { csrfToken, values: formValues(body), errors }), {
            title: "Marking",
            status: 422,
          }),
      );
    },
    { permission: "submission.grade" },
  )
  .post(
    "/submissions/:id/return",
    async ({ request, params, body, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(submissionParams, params);
      return withFormErrors(
        async () => {
          const { feedback } = parseInput(returnForm, body);
          const next = await nextPlace(actor, await submissionForStaff(actor, id));
          await returnSubmission(actor, id, feedback);
          return redirectTo(request, next);
        },
        async (errors) =>
          page(await renderScreen(actor, id, { csrfToken, values: formValues(body), errors }), {
            title: "Marking",
            status: 422,
          }),
      );
    },
    { permission: "submission.return" },
  )
  .post(
    "/submissions/:id/moderate",
    async ({ request, params, body, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(submissionParams, params);
      return withFormErrors(
        async () => {
          await moderateSubmission(actor, id, parseInput(moderateForm, body));
          return redirectTo(request, `/submissions/${id}`);
        },
        async (errors) =>
          page(await renderScreen(actor, id, { csrfToken, values: formValues(body), errors }), {
            title: "Marking",
            status: 422,
          }),
      );
    },
    { permission: "submission.moderate" },
  );
