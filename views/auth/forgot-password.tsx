import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";

export interface ForgotPasswordViewProps {
  csrfToken: string;
  centres: SelectOption[];
  values: { centre?: string; email?: string };
  errors: Record<string, string>;
}

/** "Forgot your password?": staff and parents ask for a reset link by email. */
export function ForgotPasswordView(props: ForgotPasswordViewProps) {
  const centreOptions = [{ value: "", label: t("auth.forgot.anyCentre") }, ...props.centres];
  const formError = props.errors.form;
  return (
    <section class="card" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">{t("auth.forgot.title")}</h1>
      <p>{t("auth.forgot.intro")}</p>
      <p class="muted">{t("auth.forgot.students")}</p>
      {formError && <Notice kind="error">{formError}</Notice>}
      <form method="post" action="/forgot-password">
        <CsrfField token={props.csrfToken} />
        <Select
          name="centre"
          label={t("auth.signIn.centre")}
          options={centreOptions}
          value={props.values.centre}
          error={props.errors.centre}
        />
        <Field
          name="email"
          label={t("auth.signIn.email")}
          type="email"
          autocomplete="username"
          required
          value={props.values.email}
          error={props.errors.email}
        />
        <button type="submit">{t("auth.forgot.submit")}</button>
      </form>
      <p>
        <a href="/sign-in">{t("auth.waiting.back")}</a>
      </p>
    </section>
  );
}

/** The one answer to every well-formed request, whether or not the address has an account. */
export function ResetLinkSentView(props: { email: string; minutes: number }) {
  return (
    <section class="card" aria-labelledby="sent-heading">
      <h1 id="sent-heading">{t("auth.forgot.sentTitle")}</h1>
      <p>{t("auth.forgot.sent", { email: props.email, minutes: props.minutes })}</p>
      <p class="muted">{t("auth.forgot.notArrived")}</p>
      <p>
        <a href="/sign-in">{t("auth.waiting.back")}</a>
      </p>
    </section>
  );
}
