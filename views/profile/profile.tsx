import { LOCALE_NAMES, LOCALES, type Locale, t } from "../../src/platform/i18n";
import { CsrfField, describedBy, Field, Notice } from "../components/form";
import type { PersonProfile } from "../people/person";

export interface ProfileData {
  person: PersonProfile;
  centreName: string | null;
  /** The centre a platform admin is working in, when they chose one. */
  actingCentreName: string | null;
  /** The language of the centre they are in, which "the default" means; null outside any centre. */
  centreLocale: Locale | null;
  /** Their picture (the thumbnail of their avatar) once it is made; null without one. */
  avatar: { src: string; width: number; height: number } | null;
}

export type ProfileChange = "password" | "pin" | "language" | "avatar";

export interface ProfileViewProps extends ProfileData {
  csrfToken: string;
  errors: Record<string, string>;
  changed: ProfileChange | null;
}

const PASSWORD_MIN_LENGTH = 10;

function Details({
  person,
  centreName,
  actingCentreName,
}: Pick<ProfileData, "person" | "centreName" | "actingCentreName">) {
  return (
    <dl class="details">
      <dt>{t("profile.name")}</dt>
      <dd>{person.name}</dd>
      <dt>{t("profile.role")}</dt>
      <dd>{person.roleLabel}</dd>
      <dt>{t("profile.centre")}</dt>
      <dd>{centreName ?? t("profile.noCentre")}</dd>
      {actingCentreName && (
        <>
          <dt>{t("profile.workingIn")}</dt>
          <dd>{actingCentreName}</dd>
        </>
      )}
      {person.email && (
        <>
          <dt>{t("profile.email")}</dt>
          <dd>{person.email}</dd>
        </>
      )}
      {person.studentCode && (
        <>
          <dt>{t("profile.studentCode")}</dt>
          <dd>{person.studentCode}</dd>
        </>
      )}
      <dt>{t("profile.lastSignIn")}</dt>
      <dd>{person.lastSignInAt ?? t("profile.never")}</dd>
    </dl>
  );
}

const SECRET_FIELDS = ["current", "password", "pin", "confirm"];

function ErrorSummary({ errors, fields }: { errors: Record<string, string>; fields: string[] }) {
  const own = Object.entries(errors).filter(([field]) => fields.includes(field) || !isFormField(field));
  if (own.length === 0) return null;
  const loose = own.filter(([field]) => !isFormField(field));
  return (
    <Notice kind="error">
      {t("common.error.invalidFields")}
      {loose.map(([, message]) => ` ${message}`).join("")}
    </Notice>
  );
}

function isFormField(field: string): boolean {
  return SECRET_FIELDS.includes(field) || field === "locale";
}

function PasswordForm({ csrfToken, errors }: { csrfToken: string; errors: Record<string, string> }) {
  return (
    <form method="post" action="/profile/password" class="stack">
      <CsrfField token={csrfToken} />
      <ErrorSummary errors={errors} fields={SECRET_FIELDS} />
      <Field
        name="current"
        label={t("profile.password.current")}
        type="password"
        required
        autocomplete="current-password"
        error={errors.current}
        maxlength={200}
      />
      <Field
        name="password"
        label={t("profile.password.new")}
        type="password"
        required
        autocomplete="new-password"
        hint={t("profile.password.hint", { minimum: PASSWORD_MIN_LENGTH })}
        error={errors.password}
        maxlength={200}
      />
      <Field
        name="confirm"
        label={t("profile.password.again")}
        type="password"
        required
        autocomplete="new-password"
        error={errors.confirm}
        maxlength={200}
      />
      <button type="submit">{t("profile.password.submit")}</button>
    </form>
  );
}

function PinForm({ csrfToken, errors }: { csrfToken: string; errors: Record<string, string> }) {
  const pinField = { type: "password", required: true, inputmode: "numeric", maxlength: 8, pattern: "[0-9]{4,8}" };
  return (
    <form method="post" action="/profile/pin" class="stack">
      <CsrfField token={csrfToken} />
      <ErrorSummary errors={errors} fields={SECRET_FIELDS} />
      <Field
        name="current"
        label={t("profile.pin.current")}
        autocomplete="current-password"
        error={errors.current}
        {...pinField}
      />
      <Field
        name="pin"
        label={t("profile.pin.new")}
        autocomplete="new-password"
        hint={t("profile.pin.hint")}
        error={errors.pin}
        {...pinField}
      />
      <Field
        name="confirm"
        label={t("profile.pin.again")}
        autocomplete="new-password"
        error={errors.confirm}
        {...pinField}
      />
      <button type="submit">{t("profile.pin.submit")}</button>
    </form>
  );
}

/**
 * The person's own language: the centre's (stored as null, so it follows the centre if that
 * changes) or one of the shipped ones, each named in itself and marked with its language so a
 * screen reader says "Español" as Spanish.
 */
function LanguageForm(props: {
  csrfToken: string;
  chosen: string | null;
  centreLocale: Locale | null;
  error?: string;
}) {
  const id = "field-locale";
  const hintId = `${id}-hint`;
  const defaultLabel = props.centreLocale
    ? t("common.language.centreDefault", { language: LOCALE_NAMES[props.centreLocale] })
    : t("profile.language.browserDefault");
  return (
    <form method="post" action="/profile/language" class="stack">
      <CsrfField token={props.csrfToken} />
      <div class="field">
        <label for={id}>{t("common.language.label")}</label>
        <p class="muted" id={hintId}>
          {t("profile.language.hint")}
        </p>
        <select
          id={id}
          name="locale"
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={describedBy(id, hintId, props.error)}
        >
          <option value="" selected={props.chosen === null}>
            {defaultLabel}
          </option>
          {LOCALES.map((locale) => (
            <option value={locale} lang={locale} selected={props.chosen === locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
        {props.error && (
          <p class="field-error" id={`${id}-error`}>
            {props.error}
          </p>
        )}
      </div>
      <button type="submit">{t("profile.language.submit")}</button>
    </form>
  );
}

/** A plain multipart form; the app streams the photo to storage and makes its thumbnail. */
function AvatarForm(props: { csrfToken: string; error?: string }) {
  return (
    <form method="post" action="/profile/avatar" enctype="multipart/form-data" class="stack">
      <CsrfField token={props.csrfToken} />
      <div class="field">
        <label for="avatar-file">{t("profile.avatar.label")}</label>
        <p class="muted" id="avatar-file-hint">
          {t("profile.avatar.hint")}
        </p>
        <input
          id="avatar-file"
          type="file"
          name="file"
          required
          accept="image/jpeg,image/png,image/webp"
          aria-describedby={describedBy("avatar-file", "hint", props.error)}
        />
        {props.error && (
          <p class="field-error" id="avatar-file-error">
            {props.error}
          </p>
        )}
      </div>
      <button type="submit">{t("profile.avatar.submit")}</button>
    </form>
  );
}

export function ProfileView(props: ProfileViewProps) {
  const student = props.person.role === "student";
  return (
    <div class="stack" id="profile">
      {props.changed && <Notice kind="ok">{t(`profile.changed.${props.changed}`)}</Notice>}
      <section class="card">
        <h1>{t("profile.title")}</h1>
        <Details person={props.person} centreName={props.centreName} actingCentreName={props.actingCentreName} />
      </section>
      {props.centreName !== null && (
        <section class="card stack" aria-labelledby="avatar-heading">
          <h2 id="avatar-heading">{t("profile.avatar.heading")}</h2>
          {props.avatar ? (
            <img
              class="avatar avatar-large"
              src={props.avatar.src}
              width={props.avatar.width}
              height={props.avatar.height}
              alt={t("profile.avatar.current")}
            />
          ) : (
            <p class="muted">{t("profile.avatar.none")}</p>
          )}
          <AvatarForm csrfToken={props.csrfToken} error={props.errors.avatar} />
        </section>
      )}
      <section class="card" aria-labelledby="language-heading">
        <h2 id="language-heading">{t("profile.language.heading")}</h2>
        <LanguageForm
          csrfToken={props.csrfToken}
          chosen={props.person.locale}
          centreLocale={props.centreLocale}
          error={props.errors.locale}
        />
      </section>
      <section class="card" aria-labelledby="secret-heading">
        <h2 id="secret-heading">{student ? t("profile.changePin") : t("profile.changePassword")}</h2>
        {student ? (
          <PinForm csrfToken={props.csrfToken} errors={props.errors} />
        ) : (
          <PasswordForm csrfToken={props.csrfToken} errors={props.errors} />
        )}
      </section>
      <section class="card stack" aria-labelledby="everywhere-heading">
        <h2 id="everywhere-heading">{t("profile.everywhere.heading")}</h2>
        <p class="muted">{t("profile.everywhere.text")}</p>
        <form method="post" action="/sign-out-everywhere" data-confirm>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            {t("profile.everywhere.submit")}
          </button>
        </form>
      </section>
    </div>
  );
}
