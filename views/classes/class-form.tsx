import { t, weekdayName, weekdaysInOrder } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";

/** The days of the week in the reader's order (Monday or Sunday first); values are ISO weekdays 1 … 7. */
function weekdayOptions(): SelectOption[] {
  return weekdaysInOrder().map((weekday) => ({ value: String(weekday), label: weekdayName(weekday) }));
}

export interface ClassFormProps {
  csrfToken: string;
  /** Null for a new class. */
  classId: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  courseOptions: SelectOption[];
  tutorOptions: SelectOption[];
}

export function ClassFormView(props: ClassFormProps) {
  const { values, errors } = props;
  const heading = t(props.classId ? "classes.title.edit" : "classes.title.new");
  const noCourses = props.courseOptions.length === 0;
  // Each field shows what was typed and its own message after a refused save.
  const bound = (name: string) => ({ name, value: values[name], error: errors[name] });
  return (
    <section class="card">
      <h1>{heading}</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">{t("common.error.invalidFields")}</Notice>}
      {noCourses && <Notice>{t("classes.form.noCourses")}</Notice>}
      <form method="post" action={props.classId ? `/classes/${props.classId}` : "/classes"}>
        <CsrfField token={props.csrfToken} />
        <Field {...bound("name")} label={t("classes.field.name")} required maxlength={200} />
        <Select {...bound("courseId")} label={t("classes.field.course")} options={props.courseOptions} />
        <Select {...bound("tutorId")} label={t("classes.field.tutor")} options={props.tutorOptions} />
        <Select {...bound("weekday")} label={t("classes.field.weekday")} options={weekdayOptions()} />
        <Field
          {...bound("startTime")}
          label={t("classes.field.startTime")}
          type="time"
          required
          hint={t("classes.field.startTimeHint")}
        />
        <Field
          {...bound("durationMinutes")}
          label={t("classes.field.duration")}
          type="number"
          required
          inputmode="numeric"
          value={values.durationMinutes ?? "60"}
        />
        <Field {...bound("room")} label={t("classes.field.room")} maxlength={100} />
        <Field {...bound("startsOn")} label={t("classes.field.startsOn")} type="date" required />
        <Field
          {...bound("endsOn")}
          label={t("classes.field.endsOn")}
          type="date"
          hint={t("classes.field.endsOnHint")}
        />
        <button type="submit" disabled={noCourses}>
          {t(props.classId ? "classes.form.save" : "classes.form.create")}
        </button>
      </form>
    </section>
  );
}
