import { Select } from "../components/form";

export interface ClassListItem {
  id: string;
  name: string;
  courseTitle: string;
  tutorName: string;
  slot: string;
  room: string;
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

export function ClassTable(props: ClassListProps) {
  return (
    <div id="class-results">
      <p class="muted" aria-live="polite">
        {props.total} {props.total === 1 ? "class" : "classes"}
      </p>
      {props.classes.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Course</th>
              <th scope="col">Tutor</th>
              <th scope="col">When</th>
              <th scope="col">Room</th>
            </tr>
          </thead>
          <tbody>
            {props.classes.map((klass) => (
              <tr data-class-id={klass.id}>
                <td>
                  <a href={`/classes/${klass.id}`}>{klass.name}</a>
                  {klass.mine && <span class="badge ok"> yours</span>}
                </td>
                <td>{klass.courseTitle}</td>
                <td>{klass.tutorName}</td>
                <td>{klass.slot}</td>
                <td>{klass.room}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pagination" aria-label="Pages">
        {props.page > 1 && <a href={pageHref(props, props.page - 1)}>Previous</a>}
        <span>
          Page {props.page} of {props.pageCount}
        </span>
        {props.page < props.pageCount && <a href={pageHref(props, props.page + 1)}>Next</a>}
      </nav>
    </div>
  );
}

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
      <form
        class="card row filters"
        method="get"
        action="/classes"
        hx-get="/classes"
        hx-target="#class-results"
        hx-select="#class-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="submit, change from:'find select'"
      >
        <Select
          name="who"
          label="Whose"
          options={[
            { value: "all", label: "All classes (yours first)" },
            { value: "mine", label: "Only mine" },
          ]}
          value={props.who}
        />
        <Select
          name="status"
          label="Status"
          options={[
            { value: "active", label: "Active" },
            { value: "archived", label: "Archived" },
          ]}
          value={props.status}
        />
        <button type="submit">Show</button>
      </form>
      <ClassTable {...props} />
    </div>
  );
}
