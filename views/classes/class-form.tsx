import { t, weekdayName, weekdaysInOrder } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";

/** The days of the week in the reader's order (Monday or Sunday first); values are ISO weekdays 1 … 7. */
function weekdayOptions(): SelectOption[] {
  return weekdaysInOrder().map((weekday) => ({ value: String(weekday), label: weekdayName(weekday) }));
}

/** One weekly slot row as typed: an ISO weekday ("" for no slot), "HH:MM" and minutes. */
export interface SlotRow {
  weekday: string;
  startTime: string;
  durationMinutes: string;
}

export interface ClassFormProps {
  csrfToken: string;
  /** Null for a new class. */
  classId: string | null;
  values: Record<string, string>;
  /** Messages by field; a slot row's as `slots.<row>.<field>`. */
  errors: Record<string, string>;
  slotRows: SlotRow[];
  courseOptions: SelectOption[];
  tutorOptions: SelectOption[];
  /** The centre's terms; choosing one gives the class its dates. */
  termOptions: SelectOption[];
}

function SlotFields(props: { row: SlotRow; index: number; errors: Record<string, string>; removable: boolean }) {
  const { row, index, errors } = props;
  const error = (field: string) => errors[`slots.${index}.${field}`];
  const days = [...(props.removable ? [{ value: "", label: t("classes.slots.none") }] : []), ...weekdayOptions()];
  return (
    <fieldset class="slot-row">
      <legend>{t("classes.slots.legend", { number: index + 1 })}</legend>
      <Select
        name="weekday"
        id={`field-weekday-${index}`}
        value={row.weekday}
        error={error("weekday")}
        label={t("classes.field.weekday")}
        options={days}
      />
      <Field
        name="startTime"
        id={`field-startTime-${index}`}
        value={row.startTime}
        error={error("startTime")}
        label={t("classes.field.startTime")}
        type="time"
        hint={t("classes.field.startTimeHint")}
      />
      <Field
        name="durationMinutes"
        id={`field-durationMinutes-${index}`}
        value={row.durationMinutes || "60"}
        error={error("durationMinutes")}
        label={t("classes.field.duration")}
        type="number"
        inputmode="numeric"
      />
    </fieldset>
  );
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
        <p class="muted">{t("classes.slots.hint")}</p>
        {props.slotRows.map((row, index) => (
          <SlotFields row={row} index={index} errors={errors} removable={props.slotRows.length > 1} />
        ))}
        <button type="submit" name="intent" value="addSlot" class="secondary" formnovalidate>
          {t("classes.slots.add")}
        </button>
        <Field {...bound("room")} label={t("classes.field.room")} maxlength={100} />
        {props.termOptions.length > 0 && (
          <Select
            {...bound("termId")}
            label={t("classes.field.term")}
            options={[{ value: "", label: t("classes.field.ownDates") }, ...props.termOptions]}
          />
        )}
        <Field
          {...bound("startsOn")}
          label={t("classes.field.startsOn")}
          type="date"
          hint={props.termOptions.length > 0 ? t("classes.field.datesHint") : undefined}
        />
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
