import { CsrfField, Notice } from "../components/form";
import { Table } from "../components/table";
import { Badge, ListPager, type MarkedAnswer, Paragraphs, type QuestionItem, type StatusBadge } from "./parts";

export interface StudentHomeworkItem {
  homeworkId: string;
  title: string;
  due: string;
  badge: StatusBadge;
  score: string | null;
}

export function MyHomeworkView(props: { items: StudentHomeworkItem[]; page: number; hasMore: boolean }) {
  return (
    <div class="stack">
      <h1>My homework</h1>
      <Table
        rows={props.items}
        empty={<p class="muted">No homework has been set for you yet.</p>}
        rowAttributes={(item) => ({ "data-homework-id": item.homeworkId })}
        columns={[
          { header: "Homework", cell: (item) => <a href={`/my-homework/${item.homeworkId}`}>{item.title}</a> },
          { header: "Due", cell: (item) => item.due },
          { header: "Status", cell: (item) => <Badge badge={item.badge} /> },
          { header: "Mark", cell: (item) => item.score ?? "—" },
        ]}
      />
      <ListPager page={props.page} hasMore={props.hasMore} href={(page) => `/my-homework?page=${page}`} />
    </div>
  );
}

export interface StudentHomeworkDetail {
  homeworkId: string;
  title: string;
  instructions: string;
  due: string;
  badge: StatusBadge;
  open: boolean;
  score: string | null;
  feedback: string;
  answers: MarkedAnswer[];
  showResults: boolean;
  /** Where the student adds photos or scans of paper work; null once the work is marked. */
  attachmentsHref: string | null;
}

function AnswerResult({ answer, showResults }: { answer: MarkedAnswer; showResults: boolean }) {
  const points = answer.tutorMarked ? answer.tutorPoints : answer.autoPoints;
  return (
    <li class="card stack">
      <h3>Question {answer.position}</h3>
      <Paragraphs text={answer.prompt} />
      <p>
        <strong>Your answer:</strong> {answer.text}
      </p>
      {showResults && points !== null && (
        <p>
          {answer.isCorrect === null ? "" : answer.isCorrect ? "Correct · " : "Not right · "}
          {points} / {answer.points} {answer.points === 1 ? "point" : "points"}
        </p>
      )}
      {showResults && answer.feedback && <p class="muted">Tutor: {answer.feedback}</p>}
    </li>
  );
}

export function MyHomeworkDetailView(props: StudentHomeworkDetail) {
  const started = props.answers.some((answer) => answer.answer !== "");
  return (
    <div class="stack">
      <p>
        <a href="/my-homework">← My homework</a>
      </p>
      <h1>{props.title}</h1>
      <p>
        Due {props.due} · <Badge badge={props.badge} />
      </p>
      <Paragraphs text={props.instructions} />
      {props.score !== null && <Notice kind="ok">Your mark: {props.score}</Notice>}
      {props.feedback && (
        <section class="card" aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">Feedback from your tutor</h2>
          <Paragraphs text={props.feedback} />
        </section>
      )}
      {props.open && (
        <div class="row">
          {props.answers.length > 0 && (
            <a class="button" href={`/homework/${props.homeworkId}/questions/1`}>
              {started ? "Continue" : "Start"}
            </a>
          )}
          <a
            class={props.answers.length > 0 ? "button secondary" : "button"}
            href={`/homework/${props.homeworkId}/submit`}
          >
            Hand in
          </a>
        </div>
      )}
      {props.attachmentsHref && (
        <p>
          <a href={props.attachmentsHref}>Add photos or scans of your work</a>
        </p>
      )}
      {props.answers.length > 0 && (!props.open || props.showResults) && (
        <section aria-labelledby="answers-heading" class="stack">
          <h2 id="answers-heading">Your answers</h2>
          <ol class="plain-list stack">
            {props.answers.map((answer) => (
              <AnswerResult answer={answer} showResults={props.showResults} />
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
          <legend>Your answer</legend>
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
          <label for="answer">Your answer</label>
          <textarea id="answer" name="response" rows={8} maxlength={5000}>
            {question.answer}
          </textarea>
        </div>
      );
    case "worksheet":
      return (
        <p>
          Do this on paper{question.pages ? ` (${question.pages} ${question.pages === 1 ? "page" : "pages"})` : ""} and
          hand it to your tutor.
        </p>
      );
    default:
      return (
        <div class="field">
          <label for="answer">Your answer</label>
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
        Review and hand in
      </button>
    );
  return <MoveButton url={url} go="next" label="Next" hidden />;
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
        <a href={`/my-homework/${props.homeworkId}`}>← {props.title}</a>
      </p>
      {/* Focus lands on the heading when htmx swaps in the next question, so it is read out. */}
      <h1 id="question-heading" tabindex="-1" autofocus>
        Question {props.n} of {props.count}
      </h1>
      <Paragraphs text={props.question.prompt} />
      <p class="muted">
        {props.question.points} {props.question.points === 1 ? "point" : "points"}
      </p>
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
          {props.question.answer ? "Saved" : ""}
        </p>
        <div class="row">
          {props.n > 1 && <MoveButton url={url} go="previous" label="Previous" />}
          {props.n < props.count ? (
            <MoveButton url={url} go="next" label="Next" primary />
          ) : (
            <button type="submit" name="go" value="review">
              Review and hand in
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

export function SavedView() {
  return <>Saved</>;
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
        <a href={`/my-homework/${props.homeworkId}`}>← {props.title}</a>
      </p>
      <h1>Hand in {props.title}?</h1>
      {props.unanswered.length > 0 ? (
        <section class="card" aria-labelledby="unanswered-heading">
          <h2 id="unanswered-heading">Not answered yet</h2>
          <ul>
            {props.unanswered.map((question) => (
              <li>
                <a href={`/homework/${props.homeworkId}/questions/${question.n}`}>Question {question.n}</a>:{" "}
                {question.prompt.slice(0, 120)}
              </li>
            ))}
          </ul>
          <p class="muted">Unanswered questions score no points.</p>
        </section>
      ) : (
        <p>Every question has an answer.</p>
      )}
      {props.late && <Notice kind="error">The due time has passed: this will be handed in late.</Notice>}
      <form method="post" action={`/homework/${props.homeworkId}/submit`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit">Hand in now</button>
      </form>
    </div>
  );
}
