import { Elysia } from "elysia";
import { z } from "zod";
import {
  MyHomeworkDetailView,
  MyHomeworkView,
  QuestionView,
  SavedView,
  SubmitConfirmView,
} from "../../../views/homework/student";
import { cacheUnaffected } from "../../platform/cache";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { pageLinks } from "../../platform/db/keyset";
import { NotFoundError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { recordAction } from "../../web/record-action";
import { attachmentsPath } from "../files";
import { exercisesOfHomework, questionForStudent, submissionForStudent } from "./access";
import { dueRelative, formatDue, isLate } from "./due";
import { homeworkParams, keysetQuery } from "./forms";
import { instructionsText, scoreText, statusBadge, toMarkedAnswers, toQuestion } from "./present";
import { answersOf, studentHomeworkPage } from "./queries";
import { saveAnswer, submitHomework } from "./service";

const questionParams = z.object({
  id: z.uuid({ error: lazy("homework.validation.homeworkNotFound") }),
  n: z.coerce
    .number({ error: lazy("homework.validation.questionNotFound") })
    .int()
    .min(1)
    .max(1000),
});
const answerForm = z.object({
  response: z
    .string()
    .max(5000, { error: lazy("homework.validation.answerLong") })
    .default(""),
  go: z.enum(["next", "previous", "review"]).optional(),
});

const OPEN = new Set(["not_started", "in_progress", "returned"]);

/** The student's submission with the homework's exercises and the answers saved so far. */
async function ownWork(actor: Actor, homeworkId: string) {
  const submission = await submissionForStudent(actor, homeworkId);
  const [exercises, answers] = await Promise.all([
    exercisesOfHomework(actor.centreId, homeworkId),
    answersOf(db, actor.centreId, submission.id),
  ]);
  return { submission, exercises, answers, open: OPEN.has(submission.status) };
}

async function questionProps(actor: Actor, homeworkId: string, n: number, csrfToken: string) {
  const work = await ownWork(actor, homeworkId);
  const exercise = work.exercises[n - 1];
  if (!exercise) throw new NotFoundError(t("homework.error.questionNotFound"));
  const saved = work.answers.find((answer) => answer.exerciseId === exercise.id);
  return {
    work,
    props: {
      homeworkId,
      title: work.submission.homework.title,
      n,
      count: work.exercises.length,
      question: toQuestion(exercise, saved?.response),
      csrfToken,
    },
  };
}

export const studentRoutes = new Elysia({ name: "homework-student-routes" })
  .use(guard)
  .get(
    "/my-homework",
    async ({ query, actor, page }) => {
      const at = parseInput(keysetQuery, query);
      const list = await studentHomeworkPage(db, actor.centreId, actor.userId, at);
      const now = new Date();
      const { timeZone } = actor.centre;
      const today = localDate(now, timeZone);
      const items = list.rows.map((row) => ({
        homeworkId: row.homeworkId,
        title: row.title,
        due: formatDue(row.dueAt, timeZone),
        dueRelative: OPEN.has(row.status) ? dueRelative(row.dueAt, now, timeZone, today) : null,
        badge: statusBadge(row.status, isLate(row.dueAt, row.submittedAt, now)),
        score: row.status === "marked" ? scoreText(row.score, row.maxScore) : null,
      }));
      return page(<MyHomeworkView items={items} links={pageLinks("/my-homework", list, at)} />, {
        title: t("homework.student.title"),
      });
    },
    { permission: "submission.read_own" },
  )
  .get(
    "/my-homework/:id",
    async ({ params, actor, page }) => {
      const { id } = parseInput(homeworkParams, params);
      const work = await ownWork(actor, id);
      const { submission } = work;
      const marked = submission.status === "marked";
      // Chosen per homework: results and right answers as soon as the work is handed in.
      const immediate = submission.homework.showResultsOnHandIn && (marked || submission.status === "submitted");
      return page(
        <MyHomeworkDetailView
          homeworkId={id}
          title={submission.homework.title}
          instructions={instructionsText(submission.homework.instructions)}
          due={formatDue(submission.homework.dueAt, actor.centre.timeZone)}
          dueRelative={work.open ? dueRelative(submission.homework.dueAt, new Date(), actor.centre.timeZone) : null}
          badge={statusBadge(submission.status, isLate(submission.homework.dueAt, submission.submittedAt, new Date()))}
          open={work.open}
          score={marked ? scoreText(submission.score, submission.maxScore) : null}
          feedback={marked || submission.status === "returned" ? submission.feedback : ""}
          answers={toMarkedAnswers(work.exercises, work.answers)}
          showResults={marked || submission.status === "returned" || immediate}
          showCorrect={immediate}
          partlyMarked={immediate && submission.status === "submitted"}
          overridden={
            marked && submission.override
              ? t("homework.student.overridden", { auto: scoreText(submission.autoScore, submission.maxScore) ?? "" })
              : null
          }
          attachmentsHref={marked ? null : attachmentsPath(submission.id)}
        />,
        { title: submission.homework.title },
      );
    },
    { permission: "submission.read_own" },
  )
  .get(
    "/homework/:id/questions/:n",
    async ({ request, params, actor, page, csrfToken }) => {
      const { id, n } = parseInput(questionParams, params);
      const { work, props } = await questionProps(actor, id, n, csrfToken);
      if (!work.open) return redirectTo(request, `/my-homework/${id}`);
      return page(<QuestionView {...props} />, { title: t("homework.question.pageTitle", { n }) });
    },
    { permission: "submission.submit" },
  )
  .post(
    "/homework/:id/questions/:n",
    async ({ request, params, body, actor, csrfToken }) => {
      const { id, n } = parseInput(questionParams, params);
      const form = parseInput(answerForm, body);
      // The submission and the question in one read, handed to the save (issue 17: an autosave
      // was six statements, now two).
      const { submission, question } = await questionForStudent(actor, id, n);
      // A worksheet page is answered on paper: moving between its pages changes no figure.
      if (question.kind !== "worksheet") await saveAnswer(actor, id, question.id, form.response, submission);
      else cacheUnaffected();
      if (form.go === "review") return redirectTo(request, `/homework/${id}/submit`);
      const target =
        form.go === "next" ? Math.min(n + 1, question.count) : form.go === "previous" ? Math.max(n - 1, 1) : n;
      if (!isFragmentRequest(request)) return redirectTo(request, `/homework/${id}/questions/${target}`);
      if (!form.go) return htmlResponse(request, <SavedView />);
      const next = await questionProps(actor, id, target, csrfToken);
      return htmlResponse(request, <QuestionView {...next.props} />, {
        headers: { "hx-push-url": `/homework/${id}/questions/${target}` },
      });
    },
    { permission: "submission.submit" },
  )
  .get(
    "/homework/:id/submit",
    async ({ request, params, actor, page, csrfToken }) => {
      const { id } = parseInput(homeworkParams, params);
      const work = await ownWork(actor, id);
      if (!work.open) return redirectTo(request, `/my-homework/${id}`);
      const answered = new Set(work.answers.map((answer) => answer.exerciseId));
      const unanswered = work.exercises
        .map((exercise, index) => ({ n: index + 1, prompt: exercise.prompt, exercise }))
        .filter(({ exercise }) => exercise.kind !== "worksheet" && !answered.has(exercise.id))
        .map(({ n, prompt }) => ({ n, prompt }));
      return page(
        <SubmitConfirmView
          homeworkId={id}
          title={work.submission.homework.title}
          unanswered={unanswered}
          late={isLate(work.submission.homework.dueAt, null, new Date())}
          csrfToken={csrfToken}
        />,
        { title: t("homework.submit.pageTitle") },
      );
    },
    { permission: "submission.submit" },
  )
  .post(
    "/homework/:id/submit",
    recordAction(homeworkParams, submitHomework, (id) => `/my-homework/${id}`),
    { permission: "submission.submit" },
  );
