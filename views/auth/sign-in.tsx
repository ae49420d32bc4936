import { CsrfField, Field, Notice, Select, type SelectOption } from "../components/form";

export interface SignInViewProps {
  csrfToken: string;
  centres: SelectOption[];
  mode: "password" | "student";
  centre?: string;
  email?: string;
  studentCode?: string;
  next?: string;
  error?: string;
}

export function SignInView(props: SignInViewProps) {
  const centreOptions = [{ value: "", label: "Platform administration" }, ...props.centres];
  return (
    <div class="sign-in grid">
      {props.error && (
        <div class="full-width">
          <Notice kind="error">{props.error}</Notice>
        </div>
      )}
      <section class="card" aria-labelledby="staff-heading">
        <h1 id="staff-heading">Sign in</h1>
        <p class="muted">Staff and parents: your centre, email and password.</p>
        <form method="post" action="/sign-in">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="password" />
          <input type="hidden" name="next" value={props.next ?? ""} />
          <Select
            name="centre"
            label="Centre"
            options={centreOptions}
            value={props.mode === "password" ? props.centre : undefined}
          />
          <Field
            name="email"
            label="Email"
            type="email"
            autocomplete="username"
            required
            value={props.mode === "password" ? props.email : ""}
          />
          <Field name="password" label="Password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
      </section>
      <section class="card" aria-labelledby="student-heading">
        <h2 id="student-heading">Students</h2>
        <p class="muted">Your centre, your student code and your PIN.</p>
        <form method="post" action="/sign-in">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="mode" value="student" />
          <input type="hidden" name="next" value={props.next ?? ""} />
          <Select
            name="centre"
            id="student-centre"
            label="Centre"
            options={props.centres}
            value={props.mode === "student" ? props.centre : undefined}
          />
          <Field
            name="studentCode"
            label="Student code"
            autocomplete="username"
            required
            value={props.studentCode}
            maxlength={20}
          />
          <Field
            name="pin"
            label="PIN"
            type="password"
            inputmode="numeric"
            autocomplete="current-password"
            required
            maxlength={8}
          />
          <button type="submit">Sign in as a student</button>
        </form>
      </section>
    </div>
  );
}

export function WaitingForConsentView({ studentName, centreName }: { studentName: string; centreName: string }) {
  return (
    <section class="card waiting-for-consent" aria-labelledby="waiting-heading">
      <h1 id="waiting-heading">Waiting for your parent</h1>
      <p>
        Hello {studentName}! Before you can use AetherLearn at {centreName}, a parent or guardian needs to give their
        permission.
      </p>
      <p>
        Ask them to sign in to their own AetherLearn account and press <strong>Give consent</strong> next to your name.
        Then come back and sign in again.
      </p>
      <p>
        <a href="/sign-in">Back to sign in</a>
      </p>
    </section>
  );
}

export interface SetPasswordViewProps {
  csrfToken: string;
  heading: string;
  action: string;
  name: string;
  error?: string;
}

/** Invitation acceptance and admin-issued password resets share this form. */
export function SetPasswordView(props: SetPasswordViewProps) {
  return (
    <section class="card" aria-labelledby="set-password-heading">
      <h1 id="set-password-heading">{props.heading}</h1>
      <p>Hello {props.name}. Choose a password of at least 10 characters.</p>
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <Field name="password" label="New password" type="password" autocomplete="new-password" required />
        <Field name="confirm" label="Repeat the password" type="password" autocomplete="new-password" required />
        <button type="submit">Save password</button>
      </form>
    </section>
  );
}
