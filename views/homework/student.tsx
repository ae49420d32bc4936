import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";
import { Table } from "../components/table";
import { Badge, type MarkedAnswer, Paragraphs, type QuestionItem, type StatusBadge } from "./parts";

export interface StudentHomeworkItem {
  homeworkId: string;
  title: string;
  due: string;
  /** "due in 2 days", for work still to hand in; null otherwise. */
  dueRelative: string | null;
  badge: StatusBadge;
  score: string | null;
}

function DueCell({ due, relative }: { due: string; relative: string | null }) {
  return (
    <>
      {due}
      {relative && (
        <>
          <br />
          <span class="muted">{relative}</span>
        </>
      )}
    </>
  );
}

export function MyHomeworkView(props: { items: StudentHomeworkItem[]; links: ListLinks }) {
  return (
    <div class="stack">
      <h1>{t("homework.student.title")}</h1>
      <Table
        rows={props.items}
        empty={<p class="muted">{t("homework.student.empty")}</p>}
        rowAttributes={(item) => ({ "data-homework-id": item.homeworkId })}
        columns={[
          {
            header: t("homework.column.homework"),
            cell: (item) => <a href={`/my-homework/${item.homeworkId}`}>{item.title}</a>,
          },
          { header: t("homework.column.due"), cell: (item) => <DueCell due={item.due} relative={item.dueRelative} /> },
          { header: t("homework.column.status"), cell: (item) => <Badge badge={item.badge} /> },
          { header: t("homework.column.mark"), cell: (item) => item.score ?? t("homework.noMark") },
        ]}
      />
      <LinksPager
        links={props.links}
        previousLabel={t("homework.pager.previous")}
        nextLabel={t("homework.pager.next")}
      />
    </div>
  );
}

export interface StudentHomeworkDetail {
  homeworkId: string;
  title: string;
  instructions: string;
  due: string;
  dueRelative: string | null;
  badge: StatusBadge;
  open: boolean;
  score: string | null;
  feedback: string;
  answers: MarkedAnswer[];
  showResults: boolean;
  /** The homework shows the correct answers once handed in (its setter chose so). */
  showCorrect: boolean;
  /** Auto-marked results shown before the tutor has marked the rest. */
  partlyMarked: boolean;
  /** "Your tutor changed the automatic mark (6 / 10).", when overridden. */
  overridden: string | null;
  /** Where the student adds photos or scans of paper work; null once the work is marked. */
  attachmentsHref: string | null;
}

function resultText(answer: MarkedAnswer, points: number): string {
  const values = { points, max: answer.points };
  if (answer.isCorrect === null) return t("homework.student.points", values);
  return t(answer.isCorrect ? "homework.student.correctPoints" : "homework.student.wrongPoints", values);
}

function AnswerResult(props: { answer: MarkedAnswer; showResults: boolean; showCorrect: boolean }) {
  const { answer, showResults } = props;
  const points = answer.tutorMarked ? answer.tutorPoints : answer.autoPoints;
  return (
    <li class="card stack">
      <h3>{t("homework.student.question", { n: answer.position })}</h3>
      <Paragraphs text={answer.prompt} />
      <p>
        <strong>{t("homework.student.yourAnswer")}</strong> {answer.text}
      </p>
      {showResults && points !== null && <p>{resultText(answer, points)}</p>}
      {props.showCorrect && answer.correctAnswer !== null && (
        <p class="correct-answer">{t("homework.student.correctAnswer", { answer: answer.correctAnswer })}</p>
      )}
      {showResults && answer.feedback && (
        <p class="muted">{t("homework.student.tutorSays", { feedback: answer.feedback })}</p>
      )}
    </li>
  );
}

export function MyHomeworkDetailView(props: StudentHomeworkDetail) {
  const started = props.answers.some((answer) => answer.answer !== "");
  return (
    <div class="stack">
      <p>
        <a href="/my-homework">{t("homework.student.back")}</a>
      </p>
      <h1>{props.title}</h1>
      <p>
        {t("homework.student.due", { due: props.due })} · <Badge badge={props.badge} />
        {props.dueRelative && <span class="muted"> · {props.dueRelative}</span>}
      </p>
      <Paragraphs text={props.instructions} />
      {props.score !== null && <Notice kind="ok">{t("homework.student.yourMark", { score: props.score })}</Notice>}
      {props.overridden && <p>{props.overridden}</p>}
      {props.partlyMarked && <Notice>{t("homework.student.autoResults")}</Notice>}
      {props.feedback && (
        <section class="card" aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">{t("homework.student.feedback")}</h2>
          <Paragraphs text={props.feedback} />
        </section>
      )}
      {props.open && (
        <div class="row">
          {props.answers.length > 0 && (
            <a class="button" href={`/homework/${props.homeworkId}/questions/1`}>
              {started ? t("homework.student.continue") : t("homework.student.start")}
            </a>
          )}
          <a
            class={props.answers.length > 0 ? "button secondary" : "button"}
            href={`/homework/${props.homeworkId}/submit`}
          >
            {t("homework.student.handIn")}
          </a>
        </div>
      )}
      {props.attachmentsHref && (
        <p>
          <a href={props.attachmentsHref}>{t("homework.student.addPhotos")}</a>
        </p>
      )}
      {props.answers.length > 0 && (!props.open || props.showResults) && (
        <section aria-labelledby="answers-heading" class="stack">
          <h2 id="answers-heading">{t("homework.student.yourAnswers")}</h2>
          <ol class="plain-list stack">
            {props.answers.map((answer) => (
              <AnswerResult answer={answer} showResults={props.showResults} showCorrect={props.showCorrect} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

export interface QuestionProps {
  homeworkId: string;
  title: string;
  n: number;
  count: number;
  question: QuestionItem;
  csrfToken: string;
}

function AnswerInput({ question }: { question: QuestionItem }) {
  switch (question.kind) {
    case "multiple_choice":
      return (
        <fieldset>
          <legend>{t("homework.question.answerLabel")}</legend>
          {question.choices.map((choice, index) => (
            <div>
              <label>
                <input type="radio" name="response" value={String(index)} checked={question.answer === String(index)} />{" "}
                {choice}
              </label>
            </div>
          ))}
        </fieldset>
      );
    case "free_response":
      return (
        <div class="field">
          <label for="answer">{t("homework.question.answerLabel")}</label>
          <textarea id="answer" name="response" rows={8} maxlength={5000}>
            {question.answer}
          </textarea>
        </div>
      );
    case "worksheet":
      return (
        <p>
          {question.pages
            ? t("homework.question.onPaperPages", { pages: question.pages })
            : t("homework.question.onPaper")}
        </p>
      );
    default:
      return (
        <div class="field">
          <label for="answer">{t("homework.question.answerLabel")}</label>
          <input
            id="answer"
            name="response"
            type="text"
            value={question.answer}
            maxlength={1000}
            inputmode={question.kind === "numeric" ? "decimal" : undefined}
            autocomplete="off"
          />
        </div>
      );
  }
}

/** htmx moves between questions in place; without JavaScript each button is a plain submit. */
function MoveButton(props: { url: string; go: string; label: string; primary?: boolean; hidden?: boolean }) {
  return (
    <button
      type="submit"
      name="go"
      value={props.go}
      class={props.primary ? undefined : "secondary"}
      hidden={props.hidden}
      hx-post={props.url}
      hx-vals={JSON.stringify({ go: props.go })}
      hx-target="#question"
      hx-swap="outerHTML"
    >
      {props.label}
    </button>
  );
}

/**
 * Enter in a one-line answer presses the form's first submit button. That must be the way
 * forward, not "Previous", so an unseen copy of the forward button comes first.
 */
function EnterMovesOn({ url, last }: { url: string; last: boolean }) {
  if (last)
    return (
      <button type="submit" name="go" value="review" hidden>
        {t("homework.question.review")}
      </button>
    );
  return <MoveButton url={url} go="next" label={t("homework.question.next")} hidden />;
}

/** A failed save or move (signed out, handed in elsewhere) replaces the question with the error's message. */
const ERRORS_REPLACE_QUESTION = {
  "hx-status:4xx": "target:#question swap:outerHTML",
  "hx-status:5xx": "target:#question swap:outerHTML",
};

/** One question: a fragment of its own, saved as the student goes. */
export function QuestionView(props: QuestionProps) {
  const url = `/homework/${props.homeworkId}/questions/${props.n}`;
  return (
    <section id="question" class="card stack" aria-labelledby="question-heading">
      <p>
        <a href={`/my-homework/${props.homeworkId}`}>{t("homework.backTo", { title: props.title })}</a>
      </p>
      {/* Focus lands on the heading when htmx swaps in the next question, so it is read out. */}
      <h1 id="question-heading" tabindex="-1" autofocus>
        {t("homework.question.heading", { n: props.n, count: props.count })}
      </h1>
      <Paragraphs text={props.question.prompt} />
      <p class="muted">{t("homework.points", { points: props.question.points })}</p>
      <form
        method="post"
        action={url}
        hx-post={url}
        hx-trigger="change"
        hx-target="#save-status"
        hx-swap="innerHTML"
        {...ERRORS_REPLACE_QUESTION}
      >
        <CsrfField token={props.csrfToken} />
        <EnterMovesOn url={url} last={props.n === props.count} />
        <AnswerInput question={props.question} />
        <p id="save-status" class="muted" aria-live="polite">
          {props.question.answer ? t("homework.question.saved") : ""}
        </p>
        <div class="row">
          {props.n > 1 && <MoveButton url={url} go="previous" label={t("homework.question.previous")} />}
          {props.n < props.count ? (
            <MoveButton url={url} go="next" label={t("homework.question.next")} primary />
          ) : (
            <button type="submit" name="go" value="review">
              {t("homework.question.review")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

export function SavedView() {
  return <>{t("homework.question.saved")}</>;
}

export interface UnansweredQuestion {
  n: number;
  prompt: string;
}

export function SubmitConfirmView(props: {
  homeworkId: string;
  title: string;
  unanswered: UnansweredQuestion[];
  late: boolean;
  csrfToken: string;
}) {
  return (
    <div class="stack">
      <p>
        <a href={`/my-homework/${props.homeworkId}`}>{t("homework.backTo", { title: props.title })}</a>
      </p>
      <h1>{t("homework.submit.heading", { title: props.title })}</h1>
      {props.unanswered.length > 0 ? (
        <section class="card" aria-labelledby="unanswered-heading">
          <h2 id="unanswered-heading">{t("homework.submit.notAnswered")}</h2>
          <ul>
            {props.unanswered.map((question) => (
              <li>
                <a href={`/homework/${props.homeworkId}/questions/${question.n}`}>
                  {t("homework.submit.question", { n: question.n })}
                </a>
                : {question.prompt.slice(0, 120)}
              </li>
            ))}
          </ul>
          <p class="muted">{t("homework.submit.noPoints")}</p>
        </section>
      ) : (
        <p>{t("homework.submit.allAnswered")}</p>
      )}
      {props.late && <Notice kind="error">{t("homework.submit.late")}</Notice>}
      <form method="post" action={`/homework/${props.homeworkId}/submit`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit">{t("homework.submit.now")}</button>
      </form>
    </div>
  );
}
