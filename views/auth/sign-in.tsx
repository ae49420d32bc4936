import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice } from "../components/form";
import { messageAround } from "../components/message-parts";

/** The centre a sign-in page belongs to: its name and logo are its header. */
export interface SignInCentre {
  slug: string;
  name: string;
  logoSrc: string | null;
}

export interface SignInViewProps {
  csrfToken: string;
  centre: SignInCentre;
  mode: "password" | "student";
  email?: string;
  studentCode?: string;
  next?: string;
  error?: string;
  /** After choosing a password from an invitation or reset link. */
  passwordSet?: boolean;
}

function CentreHeader({ centre }: { centre: SignInCentre }) {
  return (
    <div class="full-width centre-banner">
      {centre.logoSrc && <img class="centre-logo" src={centre.logoSrc} alt="" height="48" />}
      <p class="centre-name">{centre.name}</p>
    </div>
  );
}

function Notices(props: Pick<SignInViewProps, "error" | "passwordSet">) {
  return (
    <>
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
    </>
  );
}

/** Email and password: staff and parents at their centre, or the platform admin at its own address. */
function PasswordForm(props: {
  csrfToken: string;
  mode: "password" | "platform";
  centre?: string;
  email?: string;
  next?: string;
}) {
  return (
    <form method="post" action="/sign-in">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="mode" value={props.mode} />
      {props.centre && <input type="hidden" name="centre" value={props.centre} />}
      <input type="hidden" name="next" value={props.next ?? ""} />
      <Field
        name="email"
        label={t("auth.signIn.email")}
        type="email"
        autocomplete="username"
        required
        value={props.email ?? ""}
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
  );
}

/**
 * A centre's own sign-in page (/c/<slug>): both forms are bound to the centre, so a parent types
 * only their email and password, a student their code and PIN.
 */
export function SignInView(props: SignInViewProps) {
  const { centre } = props;
  return (
    <div class="sign-in grid" data-centre={centre.slug}>
      <CentreHeader centre={centre} />
      <Notices error={props.error} passwordSet={props.passwordSet} />
      <section class="card" aria-labelledby="staff-heading">
        <h1 id="staff-heading">{t("auth.signIn.titleAt", { centre: centre.name })}</h1>
        <p class="muted">{t("auth.signIn.staffHint")}</p>
        <PasswordForm
          csrfToken={props.csrfToken}
          mode="password"
          centre={centre.slug}
          email={props.mode === "password" ? props.email : ""}
          next={props.next}
        />
        <p>
          <a href={`/forgot-password?centre=${centre.slug}`}>{t("auth.signIn.forgot")}</a>
        </p>
      </section>
      <section class="card" aria-labelledby="student-heading">
        <h2 id="student-heading">{t("auth.signIn.studentsHeading")}</h2>
        <p class="muted">{t("auth.signIn.studentsHint")}</p>
        <form method="post" action="/sign-in">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="student" />
          <input type="hidden" name="centre" value={centre.slug} />
          <input type="hidden" name="next" value={props.next ?? ""} />
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
      <p class="full-width muted">
        <a href="/sign-in">{t("auth.signIn.otherCentre")}</a>
      </p>
    </div>
  );
}

/** The platform admin's own address (/platform/sign-in): no centre, nothing to choose. */
export function PlatformSignInView(props: { csrfToken: string; email?: string; next?: string; error?: string }) {
  return (
    <div class="sign-in grid">
      <Notices error={props.error} />
      <section class="card" aria-labelledby="platform-heading">
        <h1 id="platform-heading">{t("auth.signIn.platformTitle")}</h1>
        <p class="muted">{t("auth.signIn.platformHint")}</p>
        <PasswordForm csrfToken={props.csrfToken} mode="platform" email={props.email} next={props.next} />
      </section>
    </div>
  );
}

export function WaitingForConsentView({
  studentName,
  centreName,
  back,
}: {
  studentName: string;
  centreName: string;
  /** The centre's sign-in page. */
  back: string;
}) {
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
        <a href={back}>{t("auth.waiting.back")}</a>
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
