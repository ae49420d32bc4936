import type { Role, UserStatus } from "../../src/platform/db/schema";
import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";
import { ActingCentreNotice } from "./acting";

export interface CentreOverview {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  /** The centre's language, named in itself ("Español"), and its tag for the lang attribute. */
  locale: string;
  localeName: string;
  /** When it was created, already formatted for the reader. */
  createdOn: string;
  total: number;
  byRole: Record<Role, number>;
  byStatus: Record<UserStatus, number>;
}

export interface CentresViewProps {
  centres: CentreOverview[];
  roleColumns: { role: Role; label: string }[];
  /** The languages a new centre can have, each named in itself. */
  locales: SelectOption[];
  actingCentreName: string | null;
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  created: string | null;
}

function CentreRow({ centre, props }: { centre: CentreOverview; props: CentresViewProps }) {
  const { byStatus } = centre;
  return (
    <tr data-centre-slug={centre.slug} data-locale={centre.locale}>
      <td>
        <strong>{centre.name}</strong>
        <br />
        <span class="muted">
          {t("platform.centres.details", {
            slug: centre.slug,
            timeZone: centre.timeZone,
            language: centre.localeName,
            createdOn: centre.createdOn,
          })}
        </span>
      </td>
      {props.roleColumns.map(({ role }) => (
        <td data-role={role}>{formatNumber(centre.byRole[role])}</td>
      ))}
      <td>
        {formatNumber(centre.total)}
        <br />
        <span class="muted">
          {t("platform.centres.byStatus", {
            active: byStatus.active,
            invited: byStatus.invited,
            disabled: byStatus.disabled,
          })}
        </span>
      </td>
      <td>
        <a href={`/platform/centres/${centre.id}`}>{t("platform.centres.edit")}</a>{" "}
        <form method="post" action={`/platform/centres/${centre.id}/enter`} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="secondary">
            {t("platform.centres.enter")}
          </button>
        </form>
      </td>
    </tr>
  );
}

function NewCentreForm({
  csrfToken,
  values,
  errors,
  locales,
}: Pick<CentresViewProps, "csrfToken" | "values" | "errors" | "locales">) {
  return (
    <section class="card" aria-labelledby="new-centre-heading">
      <h2 id="new-centre-heading">{t("platform.centres.newHeading")}</h2>
      {Object.keys(errors).length > 0 && <Notice kind="error">{t("common.error.invalidFields")}</Notice>}
      <form method="post" action="/platform/centres" class="stack">
        <CsrfField token={csrfToken} />
        <Field
          name="name"
          label={t("platform.centres.name")}
          required
          value={values.name}
          error={errors.name}
          maxlength={200}
        />
        <Field
          name="slug"
          label={t("platform.centres.slug")}
          required
          value={values.slug}
          error={errors.slug}
          hint={t("platform.centres.slugHint")}
          maxlength={63}
          pattern="[a-z0-9][a-z0-9\-]{1,62}"
        />
        <Field
          name="timeZone"
          label={t("platform.centres.timeZone")}
          required
          value={values.timeZone ?? "UTC"}
          error={errors.timeZone}
          hint={t("platform.centres.timeZoneHint")}
          maxlength={64}
        />
        <Select
          name="locale"
          label={t("common.language.label")}
          options={locales}
          value={values.locale}
          error={errors.locale}
        />
        <button type="submit">{t("platform.centres.create")}</button>
      </form>
    </section>
  );
}

export function CentresView(props: CentresViewProps) {
  return (
    <div class="stack" id="platform-centres">
      {props.actingCentreName && <ActingCentreNotice centreName={props.actingCentreName} csrfToken={props.csrfToken} />}
      {props.created && <Notice kind="ok">{t("platform.centres.created", { slug: props.created })}</Notice>}
      <h1>{t("platform.centres.heading")}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("platform.centres.centre")}</th>
            {props.roleColumns.map(({ label }) => (
              <th scope="col">{label}</th>
            ))}
            <th scope="col">{t("platform.centres.people")}</th>
            <th scope="col">
              <span class="muted">{t("platform.centres.workInside")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.centres.map((centre) => (
            <CentreRow centre={centre} props={props} />
          ))}
        </tbody>
      </table>
      {props.centres.length === 0 && <p class="muted">{t("platform.centres.none")}</p>}
      <NewCentreForm csrfToken={props.csrfToken} values={props.values} errors={props.errors} locales={props.locales} />
    </div>
  );
}
