import type { ExerciseKind } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { Field, Select, TextArea } from "../components/form";
import { FormCard } from "./parts";

/** A kind of exercise as the reader's language names it ("Multiple choice", "Opción múltiple"). */
export function kindLabel(kind: ExerciseKind): string {
  return t("courses.kind", { kind });
}

export interface ExerciseFormProps {
  kind: ExerciseKind;
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
      <legend>{t("courses.exerciseForm.choices")}</legend>
      {numbers.map((n) => (
        <Field
          name={`choice${n}`}
          label={t("courses.exerciseForm.choice", { number: n })}
          value={values[`choice${n}`]}
          error={errors[`choice${n}`]}
          maxlength={500}
        />
      ))}
      <Select
        name="correct"
        label={t("courses.exerciseForm.correct")}
        options={[
          { value: "", label: t("courses.exerciseForm.choose") },
          ...numbers.map((n) => ({ value: String(n), label: t("courses.exerciseForm.choice", { number: n }) })),
        ]}
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
            label={t("courses.exerciseForm.answer")}
            value={values.answer}
            error={errors.answer}
            inputmode="decimal"
            required
          />
          <Field
            name="tolerance"
            label={t("courses.exerciseForm.tolerance")}
            hint={t("courses.exerciseForm.toleranceHint")}
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
          label={t("courses.exerciseForm.accepted")}
          hint={t("courses.exerciseForm.acceptedHint")}
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
          label={t("courses.exerciseForm.pages")}
          type="number"
          value={values.pages ?? "1"}
          error={errors.pages}
          inputmode="numeric"
        />
      );
    case "free_response":
      return <p class="muted">{t("courses.exerciseForm.freeResponseHint")}</p>;
  }
}

export function ExerciseFormView(props: ExerciseFormProps) {
  return (
    <FormCard
      heading={t(props.editing ? "courses.exerciseForm.editHeading" : "courses.exerciseForm.newHeading", {
        kind: props.kind,
      })}
      action={props.action}
      csrfToken={props.csrfToken}
      submit={t(props.editing ? "common.form.save" : "courses.exerciseForm.add")}
      back={props.back}
    >
      <input type="hidden" name="kind" value={props.kind} />
      {props.errors.kind && <p class="field-error">{props.errors.kind}</p>}
      <TextArea
        name="prompt"
        label={t("courses.exerciseForm.question")}
        value={props.values.prompt}
        error={props.errors.prompt}
        rows={4}
        required
      />
      <KindFields {...props} />
      <Field
        name="points"
        label={t("courses.exerciseForm.points")}
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
      <h1>{t("courses.title.addExercise")}</h1>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <p>{t("courses.exerciseForm.whichKind")}</p>
      <ul class="stack">
        {props.kinds.map((option) => (
          <li>
            <a href={`/lessons/${props.lessonId}/exercises/new?kind=${option.kind}`}>{option.label}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/lessons/${props.lessonId}`}>{t("courses.exerciseForm.backToLesson")}</a>
      </p>
    </section>
  );
}
