import { CsrfField, Field, Notice } from "../components/form";
import type { PersonProfile } from "../people/person";

export interface ProfileData {
  person: PersonProfile;
  centreName: string | null;
  /** The centre a platform admin is working in, when they chose one. */
  actingCentreName: string | null;
}

export type ProfileChange = "password" | "pin";

export interface ProfileViewProps extends ProfileData {
  csrfToken: string;
  errors: Record<string, string>;
  changed: ProfileChange | null;
}

function Details({ person, centreName, actingCentreName }: ProfileData) {
  return (
    <dl class="details">
      <dt>Name</dt>
      <dd>{person.name}</dd>
      <dt>Role</dt>
      <dd>{person.roleLabel}</dd>
      <dt>Centre</dt>
      <dd>{centreName ?? "None: you work across all centres"}</dd>
      {actingCentreName && (
        <>
          <dt>Working in</dt>
          <dd>{actingCentreName}</dd>
        </>
      )}
      {person.email && (
        <>
          <dt>Email</dt>
          <dd>{person.email}</dd>
        </>
      )}
      {person.studentCode && (
        <>
          <dt>Student code</dt>
          <dd>{person.studentCode}</dd>
        </>
      )}
      <dt>Last sign-in</dt>
      <dd>{person.lastSignInAt ? `${person.lastSignInAt} UTC` : "never"}</dd>
    </dl>
  );
}

function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const loose = Object.entries(errors).filter(([field]) => !["current", "password", "pin", "confirm"].includes(field));
  if (Object.keys(errors).length === 0) return null;
  return (
    <Notice kind="error">
      Please correct the highlighted fields.
      {loose.map(([, message]) => ` ${message}`).join("")}
    </Notice>
  );
}

function PasswordForm({ csrfToken, errors }: { csrfToken: string; errors: Record<string, string> }) {
  return (
    <form method="post" action="/profile/password" class="stack">
      <CsrfField token={csrfToken} />
      <ErrorSummary errors={errors} />
      <Field
        name="current"
        label="Current password"
        type="password"
        required
        autocomplete="current-password"
        error={errors.current}
        maxlength={200}
      />
      <Field
        name="password"
        label="New password"
        type="password"
        required
        autocomplete="new-password"
        hint="At least 10 characters"
        error={errors.password}
        maxlength={200}
      />
      <Field
        name="confirm"
        label="New password again"
        type="password"
        required
        autocomplete="new-password"
        error={errors.confirm}
        maxlength={200}
      />
      <button type="submit">Change password</button>
    </form>
  );
}

function PinForm({ csrfToken, errors }: { csrfToken: string; errors: Record<string, string> }) {
  const pinField = { type: "password", required: true, inputmode: "numeric", maxlength: 8, pattern: "[0-9]{4,8}" };
  return (
    <form method="post" action="/profile/pin" class="stack">
      <CsrfField token={csrfToken} />
      <ErrorSummary errors={errors} />
      <Field name="current" label="Current PIN" autocomplete="current-password" error={errors.current} {...pinField} />
      <Field
        name="pin"
        label="New PIN"
        autocomplete="new-password"
        hint="4 to 8 digits"
        error={errors.pin}
        {...pinField}
      />
      <Field name="confirm" label="New PIN again" autocomplete="new-password" error={errors.confirm} {...pinField} />
      <button type="submit">Change PIN</button>
    </form>
  );
}

const CHANGED_NOTICE: Record<ProfileChange, string> = {
  password: "Your password was changed. Every other device you were signed in on has been signed out.",
  pin: "Your PIN was changed. Every other device you were signed in on has been signed out.",
};

export function ProfileView(props: ProfileViewProps) {
  const student = props.person.role === "student";
  return (
    <div class="stack" id="profile">
      {props.changed && <Notice kind="ok">{CHANGED_NOTICE[props.changed]}</Notice>}
      <section class="card">
        <h1>Your profile</h1>
        <Details person={props.person} centreName={props.centreName} actingCentreName={props.actingCentreName} />
      </section>
      <section class="card" aria-labelledby="secret-heading">
        <h2 id="secret-heading">{student ? "Change your PIN" : "Change your password"}</h2>
        {student ? (
          <PinForm csrfToken={props.csrfToken} errors={props.errors} />
        ) : (
          <PasswordForm csrfToken={props.csrfToken} errors={props.errors} />
        )}
      </section>
      <section class="card stack" aria-labelledby="everywhere-heading">
        <h2 id="everywhere-heading">Sign out everywhere</h2>
        <p class="muted">
          Lost a phone, or signed in on a shared computer? This signs you out of every device, this one too.
        </p>
        <form method="post" action="/sign-out-everywhere">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            Sign out everywhere
          </button>
        </form>
      </section>
    </div>
  );
}
