import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";
import { Table } from "../components/table";
import { Badge, ListPager, Paragraphs, type StatusBadge } from "./parts";

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
  page: number;
  hasMore: boolean;
  canAssign: boolean;
}) {
  return (
    <div class="stack">
      <div class="row">
        <h1>Homework</h1>
        {props.canAssign && (
          <a class="button" href="/homework/new">
            Set homework
          </a>
        )}
        <a class="button secondary" href="/marking">
          Marking queue
        </a>
      </div>
      <Table
        rows={props.items}
        empty={<p class="muted">No homework set yet.</p>}
        rowAttributes={(item) => ({ "data-homework-id": item.id })}
        columns={[
          {
            header: "Homework",
            cell: (item) => (
              <>
                <a href={`/homework/${item.id}`}>{item.title}</a>
                {item.withdrawn && <span class="badge"> withdrawn</span>}
              </>
            ),
          },
          { header: "Due", cell: (item) => item.due },
          {
            header: "Handed in",
            cell: (item) => (
              <>
                {item.handedIn} of {item.assigned}
              </>
            ),
          },
          { header: "To mark", cell: (item) => <>{item.toMark}</> },
        ]}
      />
      <ListPager page={props.page} hasMore={props.hasMore} href={(page) => `/homework?page=${page}`} />
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
  lessonId: string;
  classOptions: SelectOption[];
  lessonOptions: SelectOption[];
  studentOptions: SelectOption[];
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
        label="Class"
        options={[{ value: "", label: "Choose a class" }, ...props.classOptions]}
        value={props.classId}
        error={props.errors.classId}
      />
      <Select
        name="lessonId"
        label="Lesson"
        options={[
          { value: "", label: props.classId ? "Choose a lesson" : "Choose a class first" },
          ...props.lessonOptions,
        ]}
        value={props.lessonId}
        error={props.errors.lessonId}
      />
      <Select
        name="kind"
        label="Kind"
        options={[
          { value: "exercises", label: "Exercises done online" },
          { value: "worksheet", label: "Paper worksheet" },
        ]}
        value={props.kind}
      />
      <button type="submit" class="secondary">
        Show exercises
      </button>
    </form>
  );
}

function ExercisePicker(props: AssignProps) {
  return (
    <fieldset aria-describedby={props.errors.exerciseIds ? "exercise-error" : undefined}>
      <legend>{props.kind === "worksheet" ? "Worksheet exercise" : "Exercises"}</legend>
      {props.exercises.length === 0 && (
        <p class="muted">
          {props.lessonId ? "This lesson has no exercises of this kind." : "Choose a lesson to see its exercises."}
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
      <legend>Or a worksheet without an exercise</legend>
      <Field name="pages" label="Pages" type="number" value={props.values.pages} error={props.errors.pages} />
      <Field name="outOf" label="Marked out of" type="number" value={props.values.outOf} error={props.errors.outOf} />
    </fieldset>
  );
}

export function AssignForm(props: AssignProps) {
  return (
    <div id="assign" class="stack">
      <AssignSetup {...props} />
      {props.classId && (
        <form method="post" action="/homework" class="card stack">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="classId" value={props.classId} />
          <input type="hidden" name="lessonId" value={props.lessonId} />
          <input type="hidden" name="kind" value={props.kind} />
          {props.errors.form && <Notice kind="error">{props.errors.form}</Notice>}
          <Field
            name="title"
            label="Title"
            value={props.values.title}
            error={props.errors.title}
            required
            maxlength={200}
          />
          <div class="field">
            <label for="field-instructions">Instructions</label>
            <textarea id="field-instructions" name="instructions" rows={4} maxlength={5000}>
              {props.values.instructions ?? ""}
            </textarea>
          </div>
          <Select
            name="studentId"
            label="Set to"
            options={[{ value: "", label: "The whole class" }, ...props.studentOptions]}
            value={props.values.studentId}
            error={props.errors.studentId}
          />
          <ExercisePicker {...props} />
          {props.kind === "worksheet" && <PaperOnly {...props} />}
          <Field
            name="dueAt"
            label="Due"
            type="datetime-local"
            value={props.values.dueAt}
            error={props.errors.dueAt}
            hint={`Centre time (${props.timeZone})`}
            required
          />
          <button type="submit">Set homework</button>
        </form>
      )}
    </div>
  );
}

export function AssignView(props: AssignProps) {
  return (
    <div class="stack">
      <p>
        <a href="/homework">← Homework</a>
      </p>
      <h1>Set homework</h1>
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
  instructions: string;
  due: string;
  dueInput: string;
  timeZone: string;
  withdrawn: boolean;
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
          <h2>Edit</h2>
          <CsrfField token={props.csrfToken} />
          <Field
            name="title"
            label="Title"
            value={props.values.title ?? props.title}
            error={props.errors.title}
            required
            maxlength={200}
          />
          <div class="field">
            <label for="field-instructions">Instructions</label>
            <textarea id="field-instructions" name="instructions" rows={4} maxlength={5000}>
              {props.values.instructions ?? props.instructions}
            </textarea>
          </div>
          <button type="submit">Save changes</button>
        </form>
      )}
      {props.can.extend && (
        <form method="post" action={`/homework/${props.id}/extend`} class="card stack">
          <h2>Extend the due date</h2>
          <CsrfField token={props.csrfToken} />
          <Field
            name="dueAt"
            label="New due time"
            type="datetime-local"
            value={props.values.dueAt ?? props.dueInput}
            error={props.errors.dueAt}
            hint={`Centre time (${props.timeZone})`}
            required
          />
          <button type="submit">Extend</button>
        </form>
      )}
      {props.can.withdraw && (
        <form method="post" action={`/homework/${props.id}/withdraw`} class="card stack">
          <h2>Withdraw</h2>
          <p class="muted">Students no longer see withdrawn homework.</p>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            Withdraw homework
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
        <a href="/homework">← Homework</a>
      </p>
      <h1>{props.title}</h1>
      <p>
        Due {props.due}
        {props.withdrawn && <span class="badge bad"> withdrawn</span>}
      </p>
      <Paragraphs text={props.instructions} />
      <section aria-labelledby="students-heading">
        <h2 id="students-heading">Students</h2>
        <Table
          rows={props.submissions}
          rowAttributes={(submission) => ({ "data-submission-id": submission.id })}
          columns={[
            {
              header: "Student",
              cell: (submission) => <a href={`/submissions/${submission.id}`}>{submission.studentName}</a>,
            },
            { header: "Status", cell: (submission) => <Badge badge={submission.badge} /> },
            { header: "Mark", cell: (submission) => submission.score ?? "—" },
          ]}
        />
      </section>
      {!props.withdrawn && <EditForms {...props} />}
    </div>
  );
}
