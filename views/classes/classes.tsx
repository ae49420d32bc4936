import { FilterForm, Select, type SelectOption } from "../components/form";
import { Pager } from "../components/pager";
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
  total: number;
  page: number;
  pageCount: number;
  who: "mine" | "all";
  status: "active" | "archived";
  canCreate: boolean;
}

function pageHref(props: ClassListProps, page: number): string {
  return `/classes?${new URLSearchParams({ who: props.who, status: props.status, page: String(page) }).toString()}`;
}

const CLASS_COLUMNS: Column<ClassListItem>[] = [
  {
    header: "Class",
    cell: (klass) => (
      <>
        <a href={`/classes/${klass.id}`}>{klass.name}</a>
        {klass.mine && <span class="badge ok"> yours</span>}
      </>
    ),
  },
  { header: "Course", cell: (klass) => klass.courseTitle },
  { header: "Tutor", cell: (klass) => klass.tutorName },
  { header: "When", cell: (klass) => klass.slot },
  { header: "Room", cell: (klass) => klass.room },
];

export function ClassTable(props: ClassListProps) {
  return (
    <div id="class-results">
      <p class="muted" aria-live="polite">
        {props.total} {props.total === 1 ? "class" : "classes"}
      </p>
      <Table
        rows={props.classes}
        columns={CLASS_COLUMNS}
        empty=""
        rowAttributes={(klass) => ({ "data-class-id": klass.id })}
      />
      <Pager page={props.page} pageCount={props.pageCount} href={(page) => pageHref(props, page)} />
    </div>
  );
}

const FILTERS = [
  {
    name: "who",
    label: "Whose",
    options: [
      { value: "all", label: "All classes (yours first)" },
      { value: "mine", label: "Only mine" },
    ],
  },
  {
    name: "status",
    label: "Status",
    options: [
      { value: "active", label: "Active" },
      { value: "archived", label: "Archived" },
    ],
  },
] as const satisfies { name: "who" | "status"; label: string; options: SelectOption[] }[];

export function ClassListView(props: ClassListProps) {
  return (
    <div class="stack">
      <div class="row">
        <h1>Classes</h1>
        {props.canCreate && (
          <a class="button" href="/classes/new">
            New class
          </a>
        )}
        <a class="button secondary" href="/timetable">
          Timetable
        </a>
      </div>
      <FilterForm action="/classes" resultsId="class-results" liveFrom="change from:'find select'">
        {FILTERS.map((filter) => (
          <Select name={filter.name} label={filter.label} options={filter.options} value={props[filter.name]} />
        ))}
        <button type="submit">Show</button>
      </FilterForm>
      <ClassTable {...props} />
    </div>
  );
}
