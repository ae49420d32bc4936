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
  return (
    <section class="card">
      <h1>{heading}</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">Please correct the highlighted fields.</Notice>}
      {noCourses && <Notice>There are no courses yet: a head tutor creates one first.</Notice>}
      <form method="post" action={props.classId ? `/classes/${props.classId}` : "/classes"}>
        <CsrfField token={props.csrfToken} />
        <Field name="name" label="Name" required value={values.name} error={errors.name} maxlength={200} />
        <Select
          name="courseId"
          label="Course"
          options={props.courseOptions}
          value={values.courseId}
          error={errors.courseId}
        />
        <Select
          name="tutorId"
          label="Tutor"
          options={props.tutorOptions}
          value={values.tutorId}
          error={errors.tutorId}
        />
        <Select
          name="weekday"
          label="Day of the week"
          options={WEEKDAY_OPTIONS}
          value={values.weekday}
          error={errors.weekday}
        />
        <Field
          name="startTime"
          label="Start time"
          type="time"
          required
          value={values.startTime}
          error={errors.startTime}
          hint="Local time at the centre"
        />
        <Field
          name="durationMinutes"
          label="Length in minutes"
          type="number"
          required
          inputmode="numeric"
          value={values.durationMinutes ?? "60"}
          error={errors.durationMinutes}
        />
        <Field name="room" label="Room" value={values.room} error={errors.room} maxlength={100} />
        <Field
          name="startsOn"
          label="First week"
          type="date"
          required
          value={values.startsOn}
          error={errors.startsOn}
        />
        <Field
          name="endsOn"
          label="Last day (optional)"
          type="date"
          value={values.endsOn}
          error={errors.endsOn}
          hint="Leave empty for a class that runs until archived"
        />
        <button type="submit" disabled={noCourses}>
          {props.classId ? "Save class" : "Create class"}
        </button>
      </form>
    </section>
  );
}
