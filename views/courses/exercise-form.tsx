import type { ExerciseKind } from "../../src/platform/db/schema";
import { Field, Select, TextArea } from "../components/form";
import { FormCard } from "./parts";

export const KIND_LABELS: Record<ExerciseKind, string> = {
  multiple_choice: "Multiple choice",
  numeric: "Numeric",
  short_answer: "Short answer",
  free_response: "Free response",
  worksheet: "Paper worksheet",
};

export interface ExerciseFormProps {
  kind: ExerciseKind;
  kindLabel: string;
  action: string;
  back: string;
  /** True when editing an existing exercise. */
  editing: boolean;
  maxChoices: number;
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

function MultipleChoiceFields({ values, errors, maxChoices }: ExerciseFormProps) {
  const numbers = Array.from({ length: maxChoices }, (_, index) => index + 1);
  return (
    <fieldset class="stack">
      <legend>Choices (at least two; leave the rest empty)</legend>
      {numbers.map((n) => (
        <Field
          name={`choice${n}`}
          label={`Choice ${n}`}
          value={values[`choice${n}`]}
          error={errors[`choice${n}`]}
          maxlength={500}
        />
      ))}
      <Select
        name="correct"
        label="Correct answer"
        options={[{ value: "", label: "Choose" }, ...numbers.map((n) => ({ value: String(n), label: `Choice ${n}` }))]}
        value={values.correct}
        error={errors.correct}
      />
    </fieldset>
  );
}

function KindFields(props: ExerciseFormProps) {
  const { values, errors } = props;
  switch (props.kind) {
    case "multiple_choice":
      return <MultipleChoiceFields {...props} />;
    case "numeric":
      return (
        <>
          <Field
            name="answer"
            label="Answer"
            value={values.answer}
            error={errors.answer}
            inputmode="decimal"
            required
          />
          <Field
            name="tolerance"
            label="Tolerance"
            hint="How far from the answer still counts as right, either way (0 for exact). 1,5 and 1.5 both work."
            value={values.tolerance ?? "0"}
            error={errors.tolerance}
            inputmode="decimal"
          />
        </>
      );
    case "short_answer":
      return (
        <TextArea
          name="accepted"
          label="Accepted answers"
          hint="One per line. Case, extra spaces and a trailing full stop do not matter."
          value={values.accepted}
          error={errors.accepted}
          rows={4}
          required
        />
      );
    case "worksheet":
      return (
        <Field
          name="pages"
          label="Pages"
          type="number"
          value={values.pages ?? "1"}
          error={errors.pages}
          inputmode="numeric"
        />
      );
    case "free_response":
      return <p class="muted">Students write an answer; a tutor marks it.</p>;
  }
}

export function ExerciseFormView(props: ExerciseFormProps) {
  return (
    <FormCard
      heading={`${props.editing ? "Edit" : "New"} ${props.kindLabel.toLowerCase()} exercise`}
      action={props.action}
      csrfToken={props.csrfToken}
      submit={props.editing ? "Save" : "Add the exercise"}
      back={props.back}
    >
      <input type="hidden" name="kind" value={props.kind} />
      {props.errors.kind && <p class="field-error">{props.errors.kind}</p>}
      <TextArea
        name="prompt"
        label="Question"
        value={props.values.prompt}
        error={props.errors.prompt}
        rows={4}
        required
      />
      <KindFields {...props} />
      <Field
        name="points"
        label="Points"
        type="number"
        value={props.values.points ?? "1"}
        error={props.errors.points}
        inputmode="numeric"
      />
    </FormCard>
  );
}

export function ExerciseKindPicker(props: {
  lessonId: string;
  kinds: { kind: ExerciseKind; label: string }[];
  error?: string;
}) {
  return (
    <section class="card stack">
      <h1>Add an exercise</h1>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <p>Which kind of exercise?</p>
      <ul class="stack">
        {props.kinds.map((option) => (
          <li>
            <a href={`/lessons/${props.lessonId}/exercises/new?kind=${option.kind}`}>{option.label}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/lessons/${props.lessonId}`}>Back to the lesson</a>
      </p>
    </section>
  );
}
