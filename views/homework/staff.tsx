import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";
import { Table } from "../components/table";
import { Badge, KeysetPager, Paragraphs, type StatusBadge } from "./parts";

export interface HomeworkListItem {
  id: string;
  title: string;
  due: string;
  withdrawn: boolean;
  assigned: number;
  handedIn: number;
  toMark: number;
}

export function HomeworkListView(props: {
  items: HomeworkListItem[];
  /** Links to the pages either side (keyset), or null at either end. */
  previous: string | null;
  next: string | null;
  canAssign: boolean;
}) {
  return (
    <div class="stack">
      <div class="row">
        <h1>{t("homework.list.title")}</h1>
        {props.canAssign && (
          <a class="button" href="/homework/new">
            {t("homework.list.set")}
          </a>
        )}
        <a class="button secondary" href="/marking">
          {t("homework.nav.markingQueue")}
        </a>
      </div>
      <Table
        rows={props.items}
        empty={<p class="muted">{t("homework.list.empty")}</p>}
        rowAttributes={(item) => ({ "data-homework-id": item.id })}
        columns={[
          {
            header: t("homework.column.homework"),
            cell: (item) => (
              <>
                <a href={`/homework/${item.id}`}>{item.title}</a>
                {item.withdrawn && <span class="badge"> {t("homework.list.withdrawn")}</span>}
              </>
            ),
          },
          { header: t("homework.column.due"), cell: (item) => item.due },
          {
            header: t("homework.column.handedIn"),
            cell: (item) => t("homework.list.handedInOf", { handedIn: item.handedIn, assigned: item.assigned }),
          },
          { header: t("homework.column.toMark"), cell: (item) => formatNumber(item.toMark) },
        ]}
      />
      <KeysetPager previous={props.previous} next={props.next} />
    </div>
  );
}

export interface ExerciseChoice {
  id: string;
  label: string;
  checked: boolean;
}

export interface AssignProps {
  csrfToken: string;
  timeZone: string;
  kind: "exercises" | "worksheet";
  classId: string;
  /** The one student of 1:1 homework set outside any class ("" when a class is chosen). */
  soloStudentId: string;
  lessonId: string;
  classOptions: SelectOption[];
  lessonOptions: SelectOption[];
  /** Students of the chosen class, for setting work to one of them. */
  studentOptions: SelectOption[];
  /** Students the person may set 1:1 work to, outside any class. */
  soloStudentOptions: SelectOption[];
  exercises: ExerciseChoice[];
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** Step one (a GET form): the class, the lesson and the kind decide what step two offers. */
function AssignSetup(props: AssignProps) {
  return (
    <form
      method="get"
      action="/homework/new"
      hx-get="/homework/new"
      hx-trigger="change"
      hx-target="#assign"
      hx-swap="outerHTML"
      class="card stack"
    >
      <Select
        name="classId"
        label={t("homework.assign.class")}
        options={[{ value: "", label: t("homework.assign.chooseClass") }, ...props.classOptions]}
        value={props.classId}
        error={props.errors.classId}
      />
      {props.soloStudentOptions.length > 0 && (
        <Select
          name="soloStudentId"
          label={t("homework.assign.soloStudent")}
          options={[{ value: "", label: t("homework.assign.noSoloStudent") }, ...props.soloStudentOptions]}
          value={props.soloStudentId}
          error={props.errors.soloStudentId}
        />
      )}
      <Select
        name="lessonId"
        label={t("homework.assign.lesson")}
        options={[
          {
            value: "",
            label:
              props.classId || props.soloStudentId
                ? t("homework.assign.chooseLesson")
                : t("homework.assign.chooseClassFirst"),
          },
          ...props.lessonOptions,
        ]}
        value={props.lessonId}
        error={props.errors.lessonId}
      />
      <Select
        name="kind"
        label={t("homework.assign.kind")}
        options={[
          { value: "exercises", label: t("homework.assign.kindExercises") },
          { value: "worksheet", label: t("homework.assign.kindWorksheet") },
        ]}
        value={props.kind}
      />
      <button type="submit" class="secondary">
        {t("homework.assign.showExercises")}
      </button>
    </form>
  );
}

function ExercisePicker(props: AssignProps) {
  return (
    <fieldset aria-describedby={props.errors.exerciseIds ? "exercise-error" : undefined}>
      <legend>
        {props.kind === "worksheet" ? t("homework.assign.worksheetExercise") : t("homework.assign.exercises")}
      </legend>
      {props.exercises.length === 0 && (
        <p class="muted">
          {props.lessonId ? t("homework.assign.noExercises") : t("homework.assign.chooseLessonToSee")}
        </p>
      )}
      {props.exercises.map((exercise) => (
        <div>
          <label>
            <input type="checkbox" name="exerciseIds" value={exercise.id} checked={exercise.checked} /> {exercise.label}
          </label>
        </div>
      ))}
      {props.errors.exerciseIds && (
        <p class="field-error" id="exercise-error">
          {props.errors.exerciseIds}
        </p>
      )}
    </fieldset>
  );
}

function PaperOnly(props: AssignProps) {
  return (
    <fieldset>
      <legend>{t("homework.assign.withoutExercise")}</legend>
      <Field
        name="pages"
        label={t("homework.assign.pages")}
        type="number"
        value={props.values.pages}
        error={props.errors.pages}
      />
      <Field
        name="outOf"
        label={t("homework.assign.outOf")}
        type="number"
        value={props.values.outOf}
        error={props.errors.outOf}
      />
    </fieldset>
  );
}

export function AssignForm(props: AssignProps) {
  return (
    <div id="assign" class="stack">
      <AssignSetup {...props} />
      {(props.classId || props.soloStudentId) && (
        <form method="post" action="/homework" class="card stack">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="classId" value={props.classId} />
          <input type="hidden" name="soloStudentId" value={props.soloStudentId} />
          <input type="hidden" name="lessonId" value={props.lessonId} />
          <input type="hidden" name="kind" value={props.kind} />
          {props.errors.form && <Notice kind="error">{props.errors.form}</Notice>}
          <Field
            name="title"
            label={t("homework.assign.titleField")}
            value={props.values.title}
            error={props.errors.title}
            required
            maxlength={200}
          />
          <div class="field">
            <label for="field-instructions">{t("homework.assign.instructions")}</label>
            <textarea id="field-instructions" name="instructions" rows={4} maxlength={5000}>
              {props.values.instructions ?? ""}
            </textarea>
          </div>
          {props.classId && (
            <Select
              name="studentId"
              label={t("homework.assign.setTo")}
              options={[{ value: "", label: t("homework.assign.wholeClass") }, ...props.studentOptions]}
              value={props.values.studentId}
              error={props.errors.studentId}
            />
          )}
          <ExercisePicker {...props} />
          {props.kind === "worksheet" && <PaperOnly {...props} />}
          <Field
            name="dueAt"
            label={t("homework.assign.due")}
            type="datetime-local"
            value={props.values.dueAt}
            error={props.errors.dueAt}
            hint={t("homework.assign.centreTime", { timeZone: props.timeZone })}
            required
          />
          <div class="field">
            <label>
              <input type="checkbox" name="showResults" value="on" checked={props.values.showResults === "on"} />{" "}
              {t("homework.assign.showResults")}
            </label>
            {props.errors.showResults && <p class="field-error">{props.errors.showResults}</p>}
          </div>
          <button type="submit">{t("homework.assign.submit")}</button>
        </form>
      )}
    </div>
  );
}

export function AssignView(props: AssignProps) {
  return (
    <div class="stack">
      <p>
        <a href="/homework">{t("homework.back")}</a>
      </p>
      <h1>{t("homework.assign.title")}</h1>
      <AssignForm {...props} />
    </div>
  );
}

export interface HomeworkSubmissionItem {
  id: string;
  studentName: string;
  badge: StatusBadge;
  score: string | null;
}

export interface HomeworkDetailProps {
  id: string;
  title: string;
  /** The instructions as shown, in the reader's language. */
  instructions: string;
  /** The instructions as stored, for the edit form. */
  editInstructions: string;
  due: string;
  dueInput: string;
  timeZone: string;
  withdrawn: boolean;
  /** The printable QR worksheet (one page set per student), when this is paper homework. */
  worksheetPdf: string | null;
  submissions: HomeworkSubmissionItem[];
  csrfToken: string;
  can: { update: boolean; extend: boolean; withdraw: boolean };
  values: Record<string, string>;
  errors: Record<string, string>;
}

function EditForms(props: HomeworkDetailProps) {
  return (
    <>
      {props.can.update && (
        <form method="post" action={`/homework/${props.id}/edit`} class="card stack">
          <h2>{t("homework.detail.edit")}</h2>
          <CsrfField token={props.csrfToken} />
          <Field
            name="title"
            label={t("homework.assign.titleField")}
            value={props.values.title ?? props.title}
            error={props.errors.title}
            required
            maxlength={200}
          />
          <div class="field">
            <label for="field-instructions">{t("homework.assign.instructions")}</label>
            <textarea id="field-instructions" name="instructions" rows={4} maxlength={5000}>
              {props.values.instructions ?? props.editInstructions}
            </textarea>
          </div>
          <button type="submit">{t("homework.detail.saveChanges")}</button>
        </form>
      )}
      {props.can.extend && (
        <form method="post" action={`/homework/${props.id}/extend`} class="card stack">
          <h2>{t("homework.detail.extendTitle")}</h2>
          <CsrfField token={props.csrfToken} />
          <Field
            name="dueAt"
            label={t("homework.detail.newDue")}
            type="datetime-local"
            value={props.values.dueAt ?? props.dueInput}
            error={props.errors.dueAt}
            hint={t("homework.assign.centreTime", { timeZone: props.timeZone })}
            required
          />
          <button type="submit">{t("homework.detail.extend")}</button>
        </form>
      )}
      {props.can.withdraw && (
        <form method="post" action={`/homework/${props.id}/withdraw`} class="card stack" data-confirm>
          <h2>{t("homework.detail.withdrawTitle")}</h2>
          <p class="muted">{t("homework.detail.withdrawNote")}</p>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            {t("homework.detail.withdraw")}
          </button>
        </form>
      )}
    </>
  );
}

export function HomeworkDetailView(props: HomeworkDetailProps) {
  return (
    <div class="stack">
      <p>
        <a href="/homework">{t("homework.back")}</a>
      </p>
      <h1>{props.title}</h1>
      <p>
        {t("homework.detail.due", { due: props.due })}
        {props.withdrawn && <span class="badge bad"> {t("homework.list.withdrawn")}</span>}
      </p>
      <Paragraphs text={props.instructions} />
      {props.worksheetPdf && (
        <p>
          <a class="button secondary" href={props.worksheetPdf}>
            {t("homework.detail.worksheetPdf")}
          </a>{" "}
          <span class="muted">{t("homework.detail.worksheetPdfNote")}</span>
        </p>
      )}
      <section aria-labelledby="students-heading">
        <h2 id="students-heading">{t("homework.detail.students")}</h2>
        <Table
          rows={props.submissions}
          rowAttributes={(submission) => ({ "data-submission-id": submission.id })}
          columns={[
            {
              header: t("homework.column.student"),
              cell: (submission) => <a href={`/submissions/${submission.id}`}>{submission.studentName}</a>,
            },
            { header: t("homework.column.status"), cell: (submission) => <Badge badge={submission.badge} /> },
            { header: t("homework.column.mark"), cell: (submission) => submission.score ?? t("homework.noMark") },
          ]}
        />
      </section>
      {!props.withdrawn && <EditForms {...props} />}
    </div>
  );
}
