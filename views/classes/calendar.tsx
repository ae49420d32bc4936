import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";

/** A centre's terms and holidays: what every class's sessions are planned within and around. */

export interface DatedRangeItem {
  id: string;
  /** "Autumn term (7 September 2026 – 18 December 2026)". */
  label: string;
}

export type CalendarKind = "term" | "holiday";

export interface CalendarViewProps {
  csrfToken: string;
  terms: DatedRangeItem[];
  holidays: DatedRangeItem[];
  notice: string | null;
}

export interface RangeFormProps {
  csrfToken: string;
  kind: CalendarKind;
  /** Null for a new term or holiday. */
  id: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
}

const HEADINGS = {
  term: { list: "classes.calendar.terms", add: "classes.calendar.addTerm", edit: "classes.calendar.editTerm" },
  holiday: {
    list: "classes.calendar.holidays",
    add: "classes.calendar.addHoliday",
    edit: "classes.calendar.editHoliday",
  },
} as const;

/** The add or edit form of a term or holiday; on the list page it adds one. */
export function RangeForm(props: RangeFormProps) {
  const { kind, values, errors } = props;
  const base = `/timetable/calendar/${kind}`;
  const bound = (name: string) => ({ name, id: `${kind}-${name}`, value: values[name], error: errors[name] });
  return (
    <form method="post" action={props.id ? `${base}/${props.id}` : base}>
      <CsrfField token={props.csrfToken} />
      {errors.form && <Notice kind="error">{errors.form}</Notice>}
      <Field {...bound("name")} label={t("classes.calendar.name")} required maxlength={100} />
      <Field {...bound("startsOn")} label={t("classes.calendar.startsOn")} type="date" required />
      <Field {...bound("endsOn")} label={t("classes.calendar.endsOn")} type="date" required />
      <button type="submit">{t(props.id ? "classes.calendar.save" : HEADINGS[kind].add)}</button>
    </form>
  );
}

export function RangeFormView(props: RangeFormProps) {
  return (
    <section class="card">
      <h1>{t(props.id ? HEADINGS[props.kind].edit : HEADINGS[props.kind].add)}</h1>
      {Object.keys(props.errors).length > 0 && <Notice kind="error">{t("common.error.invalidFields")}</Notice>}
      <RangeForm {...props} />
      <p>
        <a href="/timetable/calendar">{t("classes.calendar.back")}</a>
      </p>
    </section>
  );
}

function RangeList(props: { kind: CalendarKind; items: DatedRangeItem[]; csrfToken: string }) {
  const { kind } = props;
  return (
    <section class="card" aria-labelledby={`${kind}-heading`}>
      <h2 id={`${kind}-heading`}>{t(HEADINGS[kind].list)}</h2>
      {props.items.length === 0 ? (
        <p class="muted">{t(kind === "term" ? "classes.calendar.noTerms" : "classes.calendar.noHolidays")}</p>
      ) : (
        <ul class="plain-list">
          {props.items.map((item) => (
            <li class="row" data-range-id={item.id}>
              <span>{item.label}</span>
              <a class="button secondary" href={`/timetable/calendar/${kind}/${item.id}`}>
                {t("classes.action.edit")}
              </a>
              <form
                method="post"
                action={`/timetable/calendar/${kind}/${item.id}/delete`}
                class="inline-form"
                data-confirm
              >
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="danger">
                  {t("common.form.delete")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h3>{t(HEADINGS[kind].add)}</h3>
      <RangeForm csrfToken={props.csrfToken} kind={kind} id={null} values={{}} errors={{}} />
    </section>
  );
}

export function CalendarView(props: CalendarViewProps) {
  return (
    <div class="stack">
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <section class="card">
        <h1>{t("classes.title.calendar")}</h1>
        <p>{t("classes.calendar.intro")}</p>
      </section>
      <RangeList kind="term" items={props.terms} csrfToken={props.csrfToken} />
      <RangeList kind="holiday" items={props.holidays} csrfToken={props.csrfToken} />
    </div>
  );
}
