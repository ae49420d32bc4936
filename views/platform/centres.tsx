import type { Role, UserStatus } from "../../src/platform/db/schema";
import { CsrfField, Field, Notice } from "../components/form";
import { ActingCentreNotice } from "./acting";

export interface CentreOverview {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  createdOn: string;
  total: number;
  byRole: Record<Role, number>;
  byStatus: Record<UserStatus, number>;
}

export interface CentresViewProps {
  centres: CentreOverview[];
  roleColumns: { role: Role; label: string }[];
  actingCentreName: string | null;
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  created: string | null;
}

function CentreRow({ centre, props }: { centre: CentreOverview; props: CentresViewProps }) {
  const { byStatus } = centre;
  return (
    <tr data-centre-slug={centre.slug}>
      <td>
        <strong>{centre.name}</strong>
        <br />
        <span class="muted">
          {centre.slug} · {centre.timeZone} · since {centre.createdOn}
        </span>
      </td>
      {props.roleColumns.map(({ role }) => (
        <td data-role={role}>{centre.byRole[role]}</td>
      ))}
      <td>
        {centre.total}
        <br />
        <span class="muted">
          {byStatus.active} active · {byStatus.invited} invited · {byStatus.disabled} disabled
        </span>
      </td>
      <td>
        <form method="post" action={`/platform/centres/${centre.id}/enter`} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="secondary">
            Enter
          </button>
        </form>
      </td>
    </tr>
  );
}

function NewCentreForm({ csrfToken, values, errors }: Pick<CentresViewProps, "csrfToken" | "values" | "errors">) {
  return (
    <section class="card" aria-labelledby="new-centre-heading">
      <h2 id="new-centre-heading">Create a centre</h2>
      {Object.keys(errors).length > 0 && <Notice kind="error">Please correct the highlighted fields.</Notice>}
      <form method="post" action="/platform/centres" class="stack">
        <CsrfField token={csrfToken} />
        <Field name="name" label="Name" required value={values.name} error={errors.name} maxlength={200} />
        <Field
          name="slug"
          label="Address name"
          required
          value={values.slug}
          error={errors.slug}
          hint="Lower-case letters, digits and dashes, e.g. northside"
          maxlength={63}
          pattern="[a-z0-9][a-z0-9\-]{1,62}"
        />
        <Field
          name="timeZone"
          label="Timezone"
          required
          value={values.timeZone ?? "UTC"}
          error={errors.timeZone}
          hint="An IANA name such as Europe/London or Australia/Sydney"
          maxlength={64}
        />
        <button type="submit">Create centre</button>
      </form>
    </section>
  );
}

export function CentresView(props: CentresViewProps) {
  return (
    <div class="stack" id="platform-centres">
      {props.actingCentreName && <ActingCentreNotice centreName={props.actingCentreName} csrfToken={props.csrfToken} />}
      {props.created && <Notice kind="ok">Centre {props.created} was created.</Notice>}
      <h1>Centres</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Centre</th>
            {props.roleColumns.map(({ label }) => (
              <th scope="col">{label}</th>
            ))}
            <th scope="col">People</th>
            <th scope="col">
              <span class="muted">Work inside</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.centres.map((centre) => (
            <CentreRow centre={centre} props={props} />
          ))}
        </tbody>
      </table>
      {props.centres.length === 0 && <p class="muted">No centres yet.</p>}
      <NewCentreForm csrfToken={props.csrfToken} values={props.values} errors={props.errors} />
    </div>
  );
}
