import type { Role } from "../../src/platform/db/schema";
import { CsrfField, Field, FilterForm, Notice, Select, type SelectOption } from "../components/form";
import { Pager } from "../components/pager";
import { Table } from "../components/table";

export interface PersonListItem {
  id: string;
  name: string;
  role: Role;
  roleLabel: string;
  status: string;
  /** How they sign in: email for staff and parents, student code for students. */
  signIn: string;
}

export interface PeopleListProps {
  people: PersonListItem[];
  total: number;
  page: number;
  pageCount: number;
  q: string;
  role: string;
  status: string;
  roleOptions: SelectOption[];
  canCreateStudent: boolean;
  canInvite: boolean;
}

function pageHref(props: PeopleListProps, page: number): string {
  const query = new URLSearchParams({ q: props.q, role: props.role, status: props.status, page: String(page) });
  return `/people?${query.toString()}`;
}

export function PeopleTable(props: PeopleListProps) {
  return (
    <div id="people-results">
      <p class="muted" aria-live="polite">
        {props.total} {props.total === 1 ? "person" : "people"}
      </p>
      <Table
        rows={props.people}
        rowAttributes={(person) => ({ "data-person-id": person.id })}
        columns={[
          { header: "Name", cell: (person) => <a href={`/people/${person.id}`}>{person.name}</a> },
          { header: "Role", cell: (person) => person.roleLabel },
          { header: "Sign-in", cell: (person) => person.signIn },
          {
            header: "Status",
            cell: (person) => <span class={person.status === "active" ? "badge ok" : "badge"}>{person.status}</span>,
          },
        ]}
      />
      <Pager page={props.page} pageCount={props.pageCount} href={(page) => pageHref(props, page)} />
    </div>
  );
}

export function PeopleListView(props: PeopleListProps) {
  const statusOptions = [
    { value: "", label: "Any status" },
    { value: "active", label: "Active" },
    { value: "invited", label: "Invited" },
    { value: "disabled", label: "Disabled" },
  ];
  return (
    <div class="stack">
      <div class="row">
        <h1>People</h1>
        {props.canCreateStudent && (
          <a class="button" href="/people/students/new">
            Add a student
          </a>
        )}
        {props.canInvite && (
          <a class="button secondary" href="/people/invite">
            Invite staff or a parent
          </a>
        )}
      </div>
      <FilterForm
        action="/people"
        resultsId="people-results"
        liveFrom="input changed delay:400ms from:'find input', change from:'find select'"
      >
        <Field name="q" label="Search" value={props.q} hint="Name, student code or exact email" />
        <Select
          name="role"
          label="Role"
          options={[{ value: "", label: "Any role" }, ...props.roleOptions]}
          value={props.role}
        />
        <Select name="status" label="Status" options={statusOptions} value={props.status} />
        <button type="submit">Search</button>
      </FilterForm>
      <PeopleTable {...props} />
    </div>
  );
}

export interface NewStudentViewProps {
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function NewStudentView({ csrfToken, values, errors }: NewStudentViewProps) {
  return (
    <section class="card">
      <h1>Add a student</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">Please correct the highlighted fields.</Notice>}
      <form method="post" action="/people/students">
        <CsrfField token={csrfToken} />
        <Field name="name" label="Full name" required value={values.name} error={errors.name} maxlength={200} />
        <Field
          name="studentCode"
          label="Student code (optional)"
          value={values.studentCode}
          error={errors.studentCode}
          hint="Leave empty for a random code that cannot be guessed from the previous one"
          maxlength={20}
        />
        <Field
          name="dateOfBirth"
          label="Date of birth"
          type="date"
          required
          value={values.dateOfBirth}
          error={errors.dateOfBirth}
        />
        <Field
          name="pin"
          label="PIN (optional)"
          inputmode="numeric"
          value=""
          error={errors.pin}
          hint="Leave empty to generate one (recommended); easy PINs such as 1234 or a birthday are refused"
          maxlength={8}
        />
        <button type="submit">Create student</button>
      </form>
    </section>
  );
}

export interface InviteViewProps {
  csrfToken: string;
  roleOptions: SelectOption[];
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function InviteView({ csrfToken, roleOptions, values, errors }: InviteViewProps) {
  return (
    <section class="card">
      <h1>Invite staff or a parent</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">Please correct the highlighted fields.</Notice>}
      <form method="post" action="/people/invite">
        <CsrfField token={csrfToken} />
        <Field name="name" label="Full name" required value={values.name} error={errors.name} maxlength={200} />
        <Field
          name="email"
          label="Email"
          type="email"
          required
          value={values.email}
          error={errors.email}
          maxlength={254}
        />
        <Select name="role" label="Role" options={roleOptions} value={values.role} error={errors.role} />
        <button type="submit">Create invitation</button>
      </form>
    </section>
  );
}

/** A one-time link or PIN shown once, laid out to print and hand over. */
export function OneTimeSecretView(props: {
  heading: string;
  name: string;
  label: string;
  secret: string;
  note: string;
}) {
  return (
    <section class="card printable">
      <h1>{props.heading}</h1>
      <p>
        For <strong>{props.name}</strong>
      </p>
      <p>{props.label}</p>
      <p class="secret" data-secret>
        {props.secret}
      </p>
      <p class="muted">{props.note}</p>
      <p class="no-print row">
        <a class="button secondary" href="/people">
          Back to people
        </a>
      </p>
    </section>
  );
}
