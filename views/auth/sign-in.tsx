import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";
import { messageAround } from "../components/message-parts";

export interface SignInViewProps {
  csrfToken: string;
  centres: SelectOption[];
  mode: "password" | "student";
  centre?: string;
  email?: string;
  studentCode?: string;
  next?: string;
  error?: string;
  /** After choosing a password from an invitation or reset link. */
  passwordSet?: boolean;
}

export function SignInView(props: SignInViewProps) {
  const centreOptions = [{ value: "", label: t("auth.signIn.platformAdministration") }, ...props.centres];
  return (
    <div class="sign-in grid">
      {props.error && (
        <div class="full-width">
          <Notice kind="error">{props.error}</Notice>
        </div>
      )}
      {props.passwordSet && !props.error && (
        <div class="full-width">
          <Notice kind="ok">{t("auth.signIn.passwordSet")}</Notice>
        </div>
      )}
      <section class="card" aria-labelledby="staff-heading">
        <h1 id="staff-heading">{t("auth.signIn.title")}</h1>
        <p class="muted">{t("auth.signIn.staffHint")}</p>
        <form method="post" action="/sign-in">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="password" />
          <input type="hidden" name="next" value={props.next ?? ""} />
          <Select
            name="centre"
            label={t("auth.signIn.centre")}
            options={centreOptions}
            value={props.mode === "password" ? props.centre : undefined}
          />
          <Field
            name="email"
            label={t("auth.signIn.email")}
            type="email"
            autocomplete="username"
            required
            value={props.mode === "password" ? props.email : ""}
          />
          <Field
            name="password"
            label={t("auth.signIn.password")}
            type="password"
            autocomplete="current-password"
            required
          />
          <button type="submit">{t("auth.signIn.submit")}</button>
        </form>
        <p>
          <a href="/forgot-password">{t("auth.signIn.forgot")}</a>
        </p>
      </section>
      <section class="card" aria-labelledby="student-heading">
        <h2 id="student-heading">{t("auth.signIn.studentsHeading")}</h2>
        <p class="muted">{t("auth.signIn.studentsHint")}</p>
        <form method="post" action="/sign-in">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="student" />
          <input type="hidden" name="next" value={props.next ?? ""} />
          <Select
            name="centre"
            id="student-centre"
            label={t("auth.signIn.centre")}
            options={props.centres}
            value={props.mode === "student" ? props.centre : undefined}
          />
          <Field
            name="studentCode"
            label={t("auth.signIn.studentCode")}
            autocomplete="username"
            required
            value={props.studentCode}
            maxlength={20}
          />
          <Field
            name="pin"
            label={t("auth.signIn.pin")}
            type="password"
            inputmode="numeric"
            autocomplete="current-password"
            required
            maxlength={8}
          />
          <button type="submit">{t("auth.signIn.submitStudent")}</button>
        </form>
      </section>
    </div>
  );
}

export function WaitingForConsentView({ studentName, centreName }: { studentName: string; centreName: string }) {
  const [beforeButton, afterButton] = messageAround("auth.waiting.ask", "button");
  return (
    <section class="card waiting-for-consent" aria-labelledby="waiting-heading">
      <h1 id="waiting-heading">{t("auth.waiting.title")}</h1>
      <p>{t("auth.waiting.hello", { student: studentName, centre: centreName })}</p>
      <p>
        {beforeButton}
        <strong>{t("auth.waiting.giveConsent")}</strong>
        {afterButton}
      </p>
      <p>
        <a href="/sign-in">{t("auth.waiting.back")}</a>
      </p>
    </section>
  );
}

export interface SetPasswordViewProps {
  csrfToken: string;
  heading: string;
  action: string;
  name: string;
  /** The shortest password accepted, said in the instructions. */
  minimumLength: number;
  error?: string;
}

/** Invitation acceptance and admin-issued password resets share this form. */
export function SetPasswordView(props: SetPasswordViewProps) {
  return (
    <section class="card" aria-labelledby="set-password-heading">
      <h1 id="set-password-heading">{props.heading}</h1>
      <p>{t("auth.setPassword.hello", { name: props.name, minimum: props.minimumLength })}</p>
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <Field
          name="password"
          label={t("auth.setPassword.newPassword")}
          type="password"
          autocomplete="new-password"
          required
        />
        <Field
          name="confirm"
          label={t("auth.setPassword.repeat")}
          type="password"
          autocomplete="new-password"
          required
        />
        <button type="submit">{t("auth.setPassword.save")}</button>
      </form>
    </section>
  );
}
