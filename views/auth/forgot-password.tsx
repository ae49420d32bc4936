import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";

export interface ForgotPasswordViewProps {
  csrfToken: string;
  /** The centre whose sign-in page led here; without one, every centre where the address has an account. */
  centre: { slug: string; name: string } | null;
  values: { email?: string };
  errors: Record<string, string>;
}

/** "Forgot your password?": staff and parents ask for a reset link by email. */
export function ForgotPasswordView(props: ForgotPasswordViewProps) {
  const formError = props.errors.form;
  return (
    <section class="card" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">{t("auth.forgot.title")}</h1>
      <p>{t("auth.forgot.intro")}</p>
      <p class="muted">{t("auth.forgot.students")}</p>
      {formError && <Notice kind="error">{formError}</Notice>}
      <form method="post" action="/forgot-password">
        <CsrfField token={props.csrfToken} />
        {props.centre && <input type="hidden" name="centre" value={props.centre.slug} />}
        <p class="muted">
          {props.centre ? t("auth.forgot.atCentre", { centre: props.centre.name }) : t("auth.forgot.anyCentre")}
        </p>
        {props.errors.centre && <Notice kind="error">{props.errors.centre}</Notice>}
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
        <a href={props.centre ? `/c/${props.centre.slug}` : "/sign-in"}>{t("auth.waiting.back")}</a>
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
