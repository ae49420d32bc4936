import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";
import { Pager } from "../components/pager";
import { Table } from "../components/table";
import { Attachments } from "../paper/attachments";
import { Badge, type MarkedAnswer, Paragraphs, type StatusBadge } from "./parts";

type Attachment = Parameters<typeof Attachments>[0]["items"][number];

export interface QueueItem {
  id: string;
  homeworkTitle: string;
  studentName: string;
  submitted: string;
  late: boolean;
}

export interface MarkingQueueProps {
  items: QueueItem[];
  /** Counted up to totalCap: at the cap the page says "more than" rather than a number it did not read. */
  total: number;
  totalCap: number;
  /** Links to the pages either side (keyset), or null at either end. */
  previous: string | null;
  next: string | null;
  /** Reached through a page link, not the queue's start: an empty page then links back to the start. */
  paged: boolean;
}

export function MarkingQueueView(props: MarkingQueueProps) {
  const waiting =
    props.total >= props.totalCap
      ? t("homework.marking.waitingMany", { count: props.totalCap - 1 })
      : t("homework.marking.waiting", { count: props.total });
  return (
    <div class="stack">
      <h1>{t("homework.marking.title")}</h1>
      <p class="muted" aria-live="polite">
        {waiting}
      </p>
      {props.items.length > 0 && (
        <>
          <p>
            <a class="button" href={`/submissions/${props.items[0]?.id}`} accesskey="j">
              {t("homework.marking.start")}
            </a>
          </p>
          <Table
            rows={props.items}
            rowAttributes={(item) => ({ "data-submission-id": item.id })}
            columns={[
              {
                header: t("homework.column.student"),
                cell: (item) => <a href={`/submissions/${item.id}`}>{item.studentName}</a>,
              },
              { header: t("homework.column.homework"), cell: (item) => item.homeworkTitle },
              {
                header: t("homework.column.handedIn"),
                cell: (item) => (
                  <>
                    {item.submitted}
                    {item.late && <span class="badge bad"> {t("homework.marking.late")}</span>}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
      <Pager
        previous={props.previous}
        next={props.next}
        first={props.paged && props.items.length === 0 ? { href: "/marking", label: t("common.pager.first") } : null}
        previousLabel={t("homework.pager.previous")}
        nextLabel={t("homework.pager.next")}
      />
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
  maxScore: number;
  feedback: string;
  moderated: string | null;
  answers: MarkedAnswer[];
  /** Photos and scans of paper work attached to the submission. */
  attachments: Attachment[];
  previous: string | null;
  next: string | null;
  canGrade: boolean;
  canModerate: boolean;
  /** Work marked on hand-in: a tutor may override its auto-mark. */
  canOverride: boolean;
  /** "Auto-mark 6 / 10 overridden on …. Reason: …", once overridden. */
  overridden: string | null;
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

function QueueNav({ previous, next }: { previous: string | null; next: string | null }) {
  return (
    <nav class="pagination" aria-label={t("homework.marking.queueNav")}>
      {previous ? (
        <a href={`/submissions/${previous}`} accesskey="k" rel="prev">
          {t("homework.marking.previous")}
        </a>
      ) : (
        <span class="muted">{t("homework.marking.first")}</span>
      )}
      <a href="/marking">{t("homework.marking.queue")}</a>
      {next ? (
        <a href={`/submissions/${next}`} accesskey="j" rel="next">
          {t("homework.marking.next")}
        </a>
      ) : (
        <span class="muted">{t("homework.marking.last")}</span>
      )}
    </nav>
  );
}

function tutorMarkText(answer: MarkedAnswer, points: number): string {
  const values = { points, max: answer.points };
  return answer.feedback
    ? t("homework.marking.tutorMarkWithFeedback", { ...values, feedback: answer.feedback })
    : t("homework.marking.tutorMark", values);
}

function AnswerCard({ answer, props }: { answer: MarkedAnswer; props: SubmissionScreenProps }) {
  const markHere = props.canGrade && answer.tutorMarked;
  return (
    <li class="card stack" data-exercise-id={answer.exerciseId}>
      <h3>{t("homework.marking.questionPoints", { n: answer.position, points: answer.points })}</h3>
      <Paragraphs text={answer.prompt} />
      <p>
        <strong>{t("homework.marking.answer")}</strong> {answer.text}
      </p>
      {answer.tutorMarked ? (
        !markHere && answer.tutorPoints !== null && <p>{tutorMarkText(answer, answer.tutorPoints)}</p>
      ) : (
        <p>
          {t("homework.marking.autoMarked")}{" "}
          <span class={answer.isCorrect ? "badge ok" : "badge bad"}>
            {answer.isCorrect ? t("homework.marking.correct") : t("homework.marking.wrong")}
          </span>{" "}
          {t("homework.marking.autoPoints", { points: answer.autoPoints ?? 0, max: answer.points })}
        </p>
      )}
      {markHere && (
        <div class="row">
          <Field
            name={`points-${answer.exerciseId}`}
            label={t("homework.marking.pointsFor", { n: answer.position, max: answer.points })}
            inputmode="decimal"
            value={props.values[`points-${answer.exerciseId}`]}
            error={props.errors[`points-${answer.exerciseId}`]}
          />
          <Field
            name={`feedback-${answer.exerciseId}`}
            label={t("homework.marking.commentOn", { n: answer.position })}
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
          label={t("homework.marking.worksheetScore", { max: props.maxScore })}
          inputmode="decimal"
          value={props.values.overall}
          error={props.errors.overall}
        />
      )}
      <div class="field">
        <label for="field-feedback">{t("homework.marking.feedbackToStudent")}</label>
        <textarea id="field-feedback" name="feedback" rows={4} maxlength={5000}>
          {props.values.feedback ?? ""}
        </textarea>
        {props.errors.feedback && <p class="field-error">{props.errors.feedback}</p>}
      </div>
      <div class="row">
        <button type="submit" accesskey="m">
          {t("homework.marking.mark")}
        </button>
        <button type="submit" class="secondary" formaction={`/submissions/${props.id}/return`} accesskey="r">
          {t("homework.marking.return")}
        </button>
      </div>
      <p class="muted">{t("homework.marking.keys")}</p>
    </form>
  );
}

function ModerateForm(props: SubmissionScreenProps) {
  return (
    <form method="post" action={`/submissions/${props.id}/moderate`} class="card stack">
      <h2>{t("homework.marking.moderateTitle")}</h2>
      <CsrfField token={props.csrfToken} />
      <Field
        name="score"
        label={t("homework.marking.score", { max: props.maxScore })}
        inputmode="decimal"
        value={props.values.score ?? props.score ?? ""}
        error={props.errors.score}
      />
      <div class="field">
        <label for="field-moderate-feedback">{t("homework.marking.feedback")}</label>
        <textarea id="field-moderate-feedback" name="feedback" rows={4} maxlength={5000}>
          {props.values.feedback ?? props.feedback}
        </textarea>
      </div>
      <button type="submit">{t("homework.marking.saveModerated")}</button>
    </form>
  );
}

function OverrideForm(props: SubmissionScreenProps) {
  return (
    <form method="post" action={`/submissions/${props.id}/override`} class="card stack">
      <h2>{t("homework.override.heading")}</h2>
      <p class="muted">{t("homework.override.explain")}</p>
      <CsrfField token={props.csrfToken} />
      <Field
        name="newScore"
        label={t("homework.override.score", { max: props.maxScore })}
        inputmode="decimal"
        value={props.values.newScore ?? ""}
        error={props.errors.newScore}
        required
      />
      <Field
        name="reason"
        label={t("homework.override.reason")}
        value={props.values.reason ?? ""}
        error={props.errors.reason}
        maxlength={1000}
        required
      />
      <button type="submit">{t("homework.override.button")}</button>
    </form>
  );
}

export function SubmissionScreen(props: SubmissionScreenProps) {
  return (
    <div class="stack" id="submission">
      <QueueNav previous={props.previous} next={props.next} />
      <h1>{t("homework.marking.heading", { student: props.studentName, title: props.homeworkTitle })}</h1>
      <p>
        <Badge badge={props.badge} />
        {props.submitted && <> · {t("homework.marking.handedIn", { at: props.submitted })}</>}
        {props.autoScore !== null && <> · {t("homework.marking.autoPart", { score: props.autoScore })}</>}
      </p>
      {props.score !== null && (
        <Notice kind="ok">
          {props.moderated
            ? t("homework.marking.markModerated", { score: props.score, at: props.moderated })
            : t("homework.marking.markIs", { score: props.score })}
        </Notice>
      )}
      {props.overridden && (
        <p class="override-note">
          <span class="badge">{t("homework.markbook.overridden")}</span> {props.overridden}
        </p>
      )}
      {props.attachments.length > 0 && (
        <section class="card" aria-labelledby="attachments-heading">
          <h2 id="attachments-heading">{t("homework.marking.photos")}</h2>
          <Attachments items={props.attachments} />
        </section>
      )}
      {props.canGrade ? (
        <MarkForm {...props} />
      ) : (
        <>
          {props.feedback && (
            <section class="card" aria-labelledby="feedback-heading">
              <h2 id="feedback-heading">{t("homework.marking.feedback")}</h2>
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
      {props.canOverride && <OverrideForm {...props} />}
      {props.canModerate && <ModerateForm {...props} />}
    </div>
  );
}
