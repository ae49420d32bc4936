import { CsrfField, Field, Notice } from "../components/form";
import { Table } from "../components/table";
import { Attachments } from "../paper/attachments";
import { Badge, ListPager, type MarkedAnswer, Paragraphs, type StatusBadge } from "./parts";

type Attachment = Parameters<typeof Attachments>[0]["items"][number];

export interface QueueItem {
  id: string;
  homeworkTitle: string;
  studentName: string;
  submitted: string;
  late: boolean;
}

export function MarkingQueueView(props: { items: QueueItem[]; total: number; page: number; hasMore: boolean }) {
  return (
    <div class="stack">
      <h1>Marking queue</h1>
      <p class="muted" aria-live="polite">
        {props.total} waiting to be marked, oldest first.
      </p>
      {props.items.length > 0 && (
        <>
          <p>
            <a class="button" href={`/submissions/${props.items[0]?.id}`} accesskey="j">
              Start marking
            </a>
          </p>
          <Table
            rows={props.items}
            rowAttributes={(item) => ({ "data-submission-id": item.id })}
            columns={[
              { header: "Student", cell: (item) => <a href={`/submissions/${item.id}`}>{item.studentName}</a> },
              { header: "Homework", cell: (item) => item.homeworkTitle },
              {
                header: "Handed in",
                cell: (item) => (
                  <>
                    {item.submitted}
                    {item.late && <span class="badge bad"> late</span>}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
      <ListPager page={props.page} hasMore={props.hasMore} href={(page) => `/marking?page=${page}`} />
    </div>
  );
}

export interface SubmissionScreenProps {
  id: string;
  homeworkId: string;
  homeworkTitle: string;
  studentName: string;
  submitted: string | null;
  badge: StatusBadge;
  score: string | null;
  autoScore: string | null;
  maxScore: string;
  feedback: string;
  moderated: string | null;
  answers: MarkedAnswer[];
  /** Photos and scans of paper work attached to the submission. */
  attachments: Attachment[];
  previous: string | null;
  next: string | null;
  canGrade: boolean;
  canModerate: boolean;
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

function QueueNav({ previous, next }: { previous: string | null; next: string | null }) {
  return (
    <nav class="pagination" aria-label="Marking queue">
      {previous ? (
        <a href={`/submissions/${previous}`} accesskey="k" rel="prev">
          Previous in queue
        </a>
      ) : (
        <span class="muted">First in queue</span>
      )}
      <a href="/marking">Queue</a>
      {next ? (
        <a href={`/submissions/${next}`} accesskey="j" rel="next">
          Next in queue
        </a>
      ) : (
        <span class="muted">Last in queue</span>
      )}
    </nav>
  );
}

function AnswerCard({ answer, props }: { answer: MarkedAnswer; props: SubmissionScreenProps }) {
  const markHere = props.canGrade && answer.tutorMarked;
  return (
    <li class="card stack" data-exercise-id={answer.exerciseId}>
      <h3>
        Question {answer.position} · {answer.points} {answer.points === 1 ? "point" : "points"}
      </h3>
      <Paragraphs text={answer.prompt} />
      <p>
        <strong>Answer:</strong> {answer.text}
      </p>
      {answer.tutorMarked ? (
        !markHere &&
        answer.tutorPoints !== null && (
          <p>
            Tutor mark: {answer.tutorPoints} / {answer.points}
            {answer.feedback && <> · {answer.feedback}</>}
          </p>
        )
      ) : (
        <p>
          Auto-marked:{" "}
          <span class={answer.isCorrect ? "badge ok" : "badge bad"}>{answer.isCorrect ? "correct" : "wrong"}</span>{" "}
          {answer.autoPoints ?? 0} / {answer.points}
        </p>
      )}
      {markHere && (
        <div class="row">
          <Field
            name={`points-${answer.exerciseId}`}
            label={`Points for question ${answer.position} (0 to ${answer.points})`}
            inputmode="decimal"
            value={props.values[`points-${answer.exerciseId}`]}
            error={props.errors[`points-${answer.exerciseId}`]}
          />
          <Field
            name={`feedback-${answer.exerciseId}`}
            label={`Comment on question ${answer.position}`}
            value={props.values[`feedback-${answer.exerciseId}`]}
            maxlength={5000}
          />
        </div>
      )}
    </li>
  );
}

function MarkForm(props: SubmissionScreenProps) {
  return (
    <form method="post" action={`/submissions/${props.id}/mark`} class="stack">
      <CsrfField token={props.csrfToken} />
      {props.errors.form && <Notice kind="error">{props.errors.form}</Notice>}
      <ol class="plain-list stack">
        {props.answers.map((answer) => (
          <AnswerCard answer={answer} props={props} />
        ))}
      </ol>
      {props.answers.length === 0 && (
        <Field
          name="overall"
          label={`Score for the worksheet (0 to ${props.maxScore})`}
          inputmode="decimal"
          value={props.values.overall}
          error={props.errors.overall}
        />
      )}
      <div class="field">
        <label for="field-feedback">Feedback to the student</label>
        <textarea id="field-feedback" name="feedback" rows={4} maxlength={5000}>
          {props.values.feedback ?? ""}
        </textarea>
        {props.errors.feedback && <p class="field-error">{props.errors.feedback}</p>}
      </div>
      <div class="row">
        <button type="submit" accesskey="m">
          Mark
        </button>
        <button type="submit" class="secondary" formaction={`/submissions/${props.id}/return`} accesskey="r">
          Return for redo
        </button>
      </div>
      <p class="muted">
        Keys (with your browser's access-key modifier, e.g. Alt or Alt+Shift): J next, K previous, M mark, R return.
      </p>
    </form>
  );
}

function ModerateForm(props: SubmissionScreenProps) {
  return (
    <form method="post" action={`/submissions/${props.id}/moderate`} class="card stack">
      <h2>Moderate this mark</h2>
      <CsrfField token={props.csrfToken} />
      <Field
        name="score"
        label={`Score (0 to ${props.maxScore})`}
        inputmode="decimal"
        value={props.values.score ?? props.score ?? ""}
        error={props.errors.score}
      />
      <div class="field">
        <label for="field-moderate-feedback">Feedback</label>
        <textarea id="field-moderate-feedback" name="feedback" rows={4} maxlength={5000}>
          {props.values.feedback ?? props.feedback}
        </textarea>
      </div>
      <button type="submit">Save moderated mark</button>
    </form>
  );
}

export function SubmissionScreen(props: SubmissionScreenProps) {
  return (
    <div class="stack" id="submission">
      <QueueNav previous={props.previous} next={props.next} />
      <h1>
        {props.studentName}: {props.homeworkTitle}
      </h1>
      <p>
        <Badge badge={props.badge} />
        {props.submitted && <> · handed in {props.submitted}</>}
        {props.autoScore !== null && <> · auto-marked part {props.autoScore}</>}
      </p>
      {props.score !== null && (
        <Notice kind="ok">
          Mark: {props.score}
          {props.moderated && <> · moderated {props.moderated}</>}
        </Notice>
      )}
      {props.attachments.length > 0 && (
        <section class="card" aria-labelledby="attachments-heading">
          <h2 id="attachments-heading">Photos and scans</h2>
          <Attachments items={props.attachments} />
        </section>
      )}
      {props.canGrade ? (
        <MarkForm {...props} />
      ) : (
        <>
          {props.feedback && (
            <section class="card" aria-labelledby="feedback-heading">
              <h2 id="feedback-heading">Feedback</h2>
              <Paragraphs text={props.feedback} />
            </section>
          )}
          <ol class="plain-list stack">
            {props.answers.map((answer) => (
              <AnswerCard answer={answer} props={props} />
            ))}
          </ol>
        </>
      )}
      {props.canModerate && <ModerateForm {...props} />}
    </div>
  );
}
