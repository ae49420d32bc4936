import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";

/** ISO weekdays 1 … 7, Monday first. */
export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const WEEKDAY_OPTIONS = WEEKDAY_NAMES.map((label, index) => ({ value: String(index + 1), label }));

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
  const heading = props.classId ? "Edit class" : "New class";
  const noCourses = props.courseOptions.length === 0;
  // Each field shows what was typed and its own message after a refused save.
  const bound = (name: string) => ({ name, value: values[name], error: errors[name] });
  return (
    <section class="card">
      <h1>{heading}</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">Please correct the highlighted fields.</Notice>}
      {noCourses && <Notice>There are no courses yet: a head tutor creates one first.</Notice>}
      <form method="post" action={props.classId ? `/classes/${props.classId}` : "/classes"}>
        <CsrfField token={props.csrfToken} />
        <Field {...bound("name")} label="Name" required maxlength={200} />
        <Select {...bound("courseId")} label="Course" options={props.courseOptions} />
        <Select {...bound("tutorId")} label="Tutor" options={props.tutorOptions} />
        <Select {...bound("weekday")} label="Day of the week" options={WEEKDAY_OPTIONS} />
        <Field {...bound("startTime")} label="Start time" type="time" required hint="Local time at the centre" />
        <Field
          {...bound("durationMinutes")}
          label="Length in minutes"
          type="number"
          required
          inputmode="numeric"
          value={values.durationMinutes ?? "60"}
        />
        <Field {...bound("room")} label="Room" maxlength={100} />
        <Field {...bound("startsOn")} label="First week" type="date" required />
        <Field
          {...bound("endsOn")}
          label="Last day (optional)"
          type="date"
          hint="Leave empty for a class that runs until archived"
        />
        <button type="submit" disabled={noCourses}>
          {props.classId ? "Save class" : "Create class"}
        </button>
      </form>
    </section>
  );
}
