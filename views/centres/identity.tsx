import { t } from "../../src/platform/i18n";
import { ConfirmedPost } from "../components/confirm";
import { CsrfField, describedBy, Field, Notice, TextArea } from "../components/form";

/** What changed, for the notice after a save. */
export type IdentitySaved = "name" | "contact" | "timeZone" | "logo" | "logoRemoved";

export interface CentreIdentity {
  name: string;
  slug: string;
  /** The centre's sign-in page, a full link to hand out. */
  address: string;
  timeZone: string;
  contact: { email: string | null; phone: string | null; postalAddress: string | null; website: string | null };
  /** Where its logo is shown from, or null without one. */
  logoSrc: string | null;
}

export interface IdentityFormsProps {
  centre: CentreIdentity;
  /** "/settings" for the owner, "/platform/centres/<id>" for the platform admin. */
  actionBase: string;
  /** Every IANA time zone, for the select. */
  timeZones: readonly string[];
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function IdentitySavedNotice({ saved }: { saved: IdentitySaved }) {
  return <Notice kind="ok">{t(`centres.identity.saved.${saved}`)}</Notice>;
}

function NameForm(props: IdentityFormsProps) {
  return (
    <form method="post" action={`${props.actionBase}/name`} class="stack">
      <CsrfField token={props.csrfToken} />
      <Field
        name="name"
        label={t("centres.settings.name")}
        required
        maxlength={200}
        value={props.values.name ?? props.centre.name}
        error={props.errors.name}
      />
      <button type="submit" class="secondary">
        {t("centres.identity.saveName")}
      </button>
    </form>
  );
}

function TimeZoneForm(props: IdentityFormsProps) {
  return (
    <form method="post" action={`${props.actionBase}/time-zone`} class="stack">
      <CsrfField token={props.csrfToken} />
      <Field
        name="timeZone"
        label={t("centres.settings.timeZone")}
        required
        maxlength={64}
        list="time-zones"
        autocomplete="off"
        value={props.values.timeZone ?? props.centre.timeZone}
        error={props.errors.timeZone}
        hint={t("centres.identity.timeZoneHint")}
      />
      {/* IANA names are identifiers, not words: suggested as values, shown by the browser as typed. */}
      <datalist id="time-zones">
        {props.timeZones.map((zone) => (
          <option value={zone} />
        ))}
      </datalist>
      <button type="submit" class="secondary">
        {t("centres.identity.previewTimeZone")}
      </button>
    </form>
  );
}

function ContactForm(props: IdentityFormsProps) {
  const { contact } = props.centre;
  const value = (name: string, saved: string | null) => props.values[name] ?? saved ?? "";
  return (
    <form method="post" action={`${props.actionBase}/contact`} class="stack">
      <CsrfField token={props.csrfToken} />
      <Field
        name="email"
        type="email"
        label={t("centres.identity.email")}
        maxlength={254}
        value={value("email", contact.email)}
        error={props.errors.email}
      />
      <Field
        name="phone"
        type="tel"
        label={t("centres.identity.phone")}
        maxlength={40}
        value={value("phone", contact.phone)}
        error={props.errors.phone}
      />
      <TextArea
        name="postalAddress"
        label={t("centres.identity.postalAddress")}
        rows={3}
        value={value("postalAddress", contact.postalAddress)}
        error={props.errors.postalAddress}
      />
      <Field
        name="website"
        type="url"
        label={t("centres.identity.website")}
        hint={t("centres.identity.websiteHint")}
        maxlength={300}
        value={value("website", contact.website)}
        error={props.errors.website}
      />
      <button type="submit" class="secondary">
        {t("centres.identity.saveContact")}
      </button>
    </form>
  );
}

function LogoForms(props: IdentityFormsProps) {
  const error = props.errors.logo;
  return (
    <div class="stack">
      {props.centre.logoSrc ? (
        <img class="centre-logo-preview" src={props.centre.logoSrc} alt={t("centres.identity.logoAlt")} height="64" />
      ) : (
        <p class="muted">{t("centres.identity.noLogo")}</p>
      )}
      <form method="post" action={`${props.actionBase}/logo`} enctype="multipart/form-data" class="stack">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="logo-file">{t("centres.identity.logoLabel")}</label>
          <p class="muted" id="logo-file-hint">
            {t("centres.identity.logoHint")}
          </p>
          <input
            id="logo-file"
            type="file"
            name="file"
            required
            accept="image/jpeg,image/png,image/webp"
            aria-describedby={describedBy("logo-file", "hint", error)}
          />
          {error && (
            <p class="field-error" id="logo-file-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="secondary">
          {t("centres.identity.uploadLogo")}
        </button>
      </form>
      {props.centre.logoSrc && (
        <ConfirmedPost
          action={`${props.actionBase}/logo/remove`}
          label={t("centres.identity.removeLogo")}
          csrfToken={props.csrfToken}
          kind="secondary"
          inline={false}
        />
      )}
    </div>
  );
}

/** The centre's name, address, time zone, contact details and logo, with forms for those who may change them. */
export function IdentitySections(props: IdentityFormsProps & { canUpdate: boolean }) {
  const { centre } = props;
  return (
    <div class="stack" id="centre-identity">
      {Object.keys(props.errors).length > 0 && <Notice kind="error">{t("common.error.invalidFields")}</Notice>}
      <section class="card stack" aria-labelledby="identity-heading">
        <h2 id="identity-heading">{t("centres.identity.heading")}</h2>
        <dl class="details">
          <dt>{t("centres.settings.name")}</dt>
          <dd>{centre.name}</dd>
          <dt>{t("centres.identity.address")}</dt>
          <dd>
            <a href={centre.address}>{centre.address}</a>
          </dd>
          <dt>{t("centres.identity.code")}</dt>
          <dd>
            <code>{centre.slug}</code>
          </dd>
          <dt>{t("centres.settings.timeZone")}</dt>
          <dd>{centre.timeZone}</dd>
        </dl>
        <p class="muted">{t("centres.identity.addressHint")}</p>
        {props.canUpdate && <NameForm {...props} />}
        {props.canUpdate && <TimeZoneForm {...props} />}
      </section>
      <section class="card stack" aria-labelledby="contact-heading">
        <h2 id="contact-heading">{t("centres.identity.contactHeading")}</h2>
        {props.canUpdate ? <ContactForm {...props} /> : <ContactList contact={centre.contact} />}
      </section>
      <section class="card stack" aria-labelledby="logo-heading">
        <h2 id="logo-heading">{t("centres.identity.logoHeading")}</h2>
        {props.canUpdate ? (
          <LogoForms {...props} />
        ) : centre.logoSrc ? (
          <img class="centre-logo-preview" src={centre.logoSrc} alt={t("centres.identity.logoAlt")} height="64" />
        ) : (
          <p class="muted">{t("centres.identity.noLogo")}</p>
        )}
      </section>
    </div>
  );
}

function ContactList({ contact }: { contact: CentreIdentity["contact"] }) {
  const rows = [
    [t("centres.identity.email"), contact.email],
    [t("centres.identity.phone"), contact.phone],
    [t("centres.identity.postalAddress"), contact.postalAddress],
    [t("centres.identity.website"), contact.website],
  ].filter((row): row is [string, string] => Boolean(row[1]));
  if (rows.length === 0) return <p class="muted">{t("centres.identity.noContact")}</p>;
  return (
    <dl class="details">
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}
