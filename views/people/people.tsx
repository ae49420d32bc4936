import type { Role } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { CsrfField, Field, FilterForm, Notice, Select, type SelectOption } from "../components/form";
import { messageAround } from "../components/message-parts";
import { Pager } from "../components/pager";
import { Table } from "../components/table";

export interface PersonListItem {
  id: string;
  name: string;
  role: Role;
  roleLabel: string;
  status: string;
  /** The status as shown ("active"), in the reader's language. */
  statusLabel: string;
  /** How they sign in: email for staff and parents, student code for students. */
  signIn: string;
}

export interface PeopleListProps {
  people: PersonListItem[];
  /** Counted up to totalCap: at the cap the list says "more than" rather than a number it did not read. */
  total: number;
  totalCap: number;
  /** Page links' tokens for the pages either side (keyset), or null at either end. */
  previous: string | null;
  next: string | null;
  /** Reached through a page link: an empty page then links back to the start. */
  paged: boolean;
  q: string;
  role: string;
  status: string;
  roleOptions: SelectOption[];
  canCreateStudent: boolean;
  canInvite: boolean;
}

/** The list with its filters, from its start or after/before a row; null without a token. */
function pageHref(props: PeopleListProps, place?: { after: string } | { before: string }): string {
  const query = new URLSearchParams({ q: props.q, role: props.role, status: props.status, ...place });
  return `/people?${query.toString()}`;
}

export function PeopleTable(props: PeopleListProps) {
  return (
    <div id="people-results">
      <p class="muted" aria-live="polite">
        {props.total >= props.totalCap
          ? t("people.list.countMany", { count: props.totalCap - 1 })
          : t("people.list.count", { count: props.total })}
      </p>
      <Table
        rows={props.people}
        rowAttributes={(person) => ({ "data-person-id": person.id })}
        columns={[
          { header: t("people.list.name"), cell: (person) => <a href={`/people/${person.id}`}>{person.name}</a> },
          { header: t("people.list.role"), cell: (person) => person.roleLabel },
          { header: t("people.list.signIn"), cell: (person) => person.signIn },
          {
            header: t("people.list.status"),
            cell: (person) => (
              <span class={person.status === "active" ? "badge ok" : "badge"}>{person.statusLabel}</span>
            ),
          },
        ]}
      />
      <Pager
        previous={props.previous && pageHref(props, { before: props.previous })}
        next={props.next && pageHref(props, { after: props.next })}
        first={
          props.paged && props.people.length === 0 ? { href: pageHref(props), label: t("common.pager.first") } : null
        }
      />
    </div>
  );
}

export function PeopleListView(props: PeopleListProps) {
  const statusOptions = [
    { value: "", label: t("people.list.anyStatus") },
    { value: "active", label: t("people.filter.active") },
    { value: "invited", label: t("people.filter.invited") },
    { value: "disabled", label: t("people.filter.disabled") },
  ];
  return (
    <div class="stack">
      <div class="row">
        <h1>{t("people.list.title")}</h1>
        {props.canCreateStudent && (
          <a class="button" href="/people/students/new">
            {t("people.list.addStudent")}
          </a>
        )}
        {props.canCreateStudent && (
          <a class="button secondary" href="/people/import">
            {t("people-import.list.import")}
          </a>
        )}
        {props.canInvite && (
          <a class="button secondary" href="/people/invite">
            {t("people.list.invite")}
          </a>
        )}
      </div>
      <FilterForm
        action="/people"
        resultsId="people-results"
        liveFrom="input changed delay:400ms from:'find input', change from:'find select'"
      >
        <Field name="q" label={t("people.list.search")} value={props.q} hint={t("people.list.searchHint")} />
        <Select
          name="role"
          label={t("people.list.role")}
          options={[{ value: "", label: t("people.list.anyRole") }, ...props.roleOptions]}
          value={props.role}
        />
        <Select name="status" label={t("people.list.status")} options={statusOptions} value={props.status} />
        <button type="submit">{t("people.list.searchButton")}</button>
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
      <h1>{t("people.newStudent.title")}</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">{t("common.error.invalidFields")}</Notice>}
      <form method="post" action="/people/students">
        <CsrfField token={csrfToken} />
        <Field
          name="name"
          label={t("people.newStudent.fullName")}
          required
          value={values.name}
          error={errors.name}
          maxlength={200}
        />
        <Field
          name="studentCode"
          label={t("people.newStudent.studentCode")}
          value={values.studentCode}
          error={errors.studentCode}
          hint={t("people.newStudent.studentCodeHint")}
          maxlength={20}
        />
        <Field
          name="dateOfBirth"
          label={t("people.newStudent.dateOfBirth")}
          type="date"
          required
          value={values.dateOfBirth}
          error={errors.dateOfBirth}
        />
        <Field
          name="pin"
          label={t("people.newStudent.pin")}
          inputmode="numeric"
          value=""
          error={errors.pin}
          hint={t("people.newStudent.pinHint")}
          maxlength={8}
        />
        <button type="submit">{t("people.newStudent.submit")}</button>
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
      <h1>{t("people.invite.heading")}</h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">{t("common.error.invalidFields")}</Notice>}
      <form method="post" action="/people/invite">
        <CsrfField token={csrfToken} />
        <Field
          name="name"
          label={t("people.invite.fullName")}
          required
          value={values.name}
          error={errors.name}
          maxlength={200}
        />
        <Field
          name="email"
          label={t("people.invite.email")}
          type="email"
          required
          value={values.email}
          error={errors.email}
          maxlength={254}
        />
        <Select
          name="role"
          label={t("people.invite.role")}
          options={roleOptions}
          value={values.role}
          error={errors.role}
        />
        <button type="submit">{t("people.invite.submit")}</button>
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
  const [beforeName, afterName] = messageAround("people.secret.for", "name");
  return (
    <section class="card printable">
      <h1>{props.heading}</h1>
      <p>
        {beforeName}
        <strong>{props.name}</strong>
        {afterName}
      </p>
      <p>{props.label}</p>
      <p class="secret" data-secret>
        {props.secret}
      </p>
      <p class="muted">{props.note}</p>
      <p class="no-print row">
        <a class="button secondary" href="/people">
          {t("people.secret.back")}
        </a>
      </p>
    </section>
  );
}
