import { t } from "../../src/platform/i18n";
import { FilterForm, Select, type SelectOption } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";
import { type Column, Table } from "../components/table";

/** A class as lists and its own page name it. */
export interface ClassSummary {
  id: string;
  name: string;
  courseTitle: string;
  tutorName: string;
  slot: string;
  room: string;
}

export interface ClassListItem extends ClassSummary {
  /** The viewer teaches it. */
  mine: boolean;
}

export interface ClassListProps {
  classes: ClassListItem[];
  /** Counted up to totalCap: at the cap the list says "more than" rather than a number it did not read. */
  total: number;
  totalCap: number;
  /** The pages either side, keeping the filters. */
  links: ListLinks;
  who: "mine" | "all";
  status: "active" | "archived";
  canCreate: boolean;
  /** May set the centre's terms and holidays. */
  canPlan: boolean;
}

function classColumns(): Column<ClassListItem>[] {
  return [
    {
      header: t("classes.column.class"),
      cell: (klass) => (
        <>
          <a href={`/classes/${klass.id}`}>{klass.name}</a>
          {klass.mine && <span class="badge ok"> {t("classes.badge.yours")}</span>}
        </>
      ),
    },
    { header: t("classes.field.course"), cell: (klass) => klass.courseTitle },
    { header: t("classes.field.tutor"), cell: (klass) => klass.tutorName },
    { header: t("classes.column.when"), cell: (klass) => klass.slot },
    { header: t("classes.field.room"), cell: (klass) => klass.room },
  ];
}

export function ClassTable(props: ClassListProps) {
  return (
    <div id="class-results">
      <p class="muted" aria-live="polite">
        {props.total >= props.totalCap
          ? t("classes.countMany", { count: props.totalCap - 1 })
          : t("classes.count", { count: props.total })}
      </p>
      <Table
        rows={props.classes}
        columns={classColumns()}
        empty=""
        rowAttributes={(klass) => ({ "data-class-id": klass.id })}
      />
      <LinksPager links={props.links} />
    </div>
  );
}

function filters(): { name: "who" | "status"; label: string; options: SelectOption[] }[] {
  return [
    {
      name: "who",
      label: t("classes.filter.who"),
      options: [
        { value: "all", label: t("classes.filter.all") },
        { value: "mine", label: t("classes.filter.mine") },
      ],
    },
    {
      name: "status",
      label: t("classes.filter.status"),
      options: [
        { value: "active", label: t("classes.filter.active") },
        { value: "archived", label: t("classes.filter.archived") },
      ],
    },
  ];
}

export function ClassListView(props: ClassListProps) {
  return (
    <div class="stack">
      <div class="row">
        <h1>{t("classes.title.list")}</h1>
        {props.canCreate && (
          <a class="button" href="/classes/new">
            {t("classes.title.new")}
          </a>
        )}
        <a class="button secondary" href="/timetable">
          {t("classes.title.timetable")}
        </a>
        {props.canPlan && (
          <a class="button secondary" href="/timetable/calendar">
            {t("classes.title.calendar")}
          </a>
        )}
      </div>
      <FilterForm action="/classes" resultsId="class-results" liveFrom="change from:'find select'">
        {filters().map((filter) => (
          <Select name={filter.name} label={filter.label} options={filter.options} value={props[filter.name]} />
        ))}
        <button type="submit">{t("classes.filter.show")}</button>
      </FilterForm>
      <ClassTable {...props} />
    </div>
  );
}
