import { CsrfField, Select, type SelectOption } from "../components/form";
import type { PersonListItem } from "./people";

export interface PersonProfile extends PersonListItem {
  studentCode: string | null;
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  lastSignInAt: string | null;
}

export interface LinkedPersonItem {
  id: string;
  name: string;
}

export interface PersonViewProps {
  person: PersonProfile;
  csrfToken: string;
  canManage: boolean;
  roleOptions: SelectOption[];
  parents: LinkedPersonItem[];
  children: LinkedPersonItem[];
  parentOptions: SelectOption[];
  /** A student whose PIN guessing budget ran out. */
  pinLocked: boolean;
  can: {
    changeRole: boolean;
    disable: boolean;
    resetPassword: boolean;
    resetPin: boolean;
    unlockPin: boolean;
    linkParent: boolean;
  };
}

function ActionForm(props: { action: string; csrfToken: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.danger ? "danger" : "secondary"}>
        {props.label}
      </button>
    </form>
  );
}

export function PersonView(props: PersonViewProps) {
  const { person, csrfToken, can } = props;
  const manage = props.canManage;
  return (
    <div class="stack" id="person">
      <section class="card">
        <h1>{person.name}</h1>
        <dl class="details">
          <dt>Role</dt>
          <dd>{person.roleLabel}</dd>
          <dt>Status</dt>
          <dd>{person.status}</dd>
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
          {person.dateOfBirth && (
            <>
              <dt>Date of birth</dt>
              <dd>{person.dateOfBirth}</dd>
            </>
          )}
          <dt>Last sign-in</dt>
          <dd>{person.lastSignInAt ?? "never"}</dd>
          {person.role === "student" && (
            <>
              <dt>PIN sign-in</dt>
              <dd data-pin-state={props.pinLocked ? "locked" : "open"}>
                {props.pinLocked ? "Locked after too many wrong guesses" : "Open"} ·{" "}
                <a href={`/students/${person.id}/pin`}>PIN details</a>
              </dd>
            </>
          )}
        </dl>
      </section>
      {manage && (
        <section class="card stack" aria-labelledby="actions-heading">
          <h2 id="actions-heading">Actions</h2>
          {can.changeRole && person.role !== "student" && (
            <form method="post" action={`/people/${person.id}/role`} class="row">
              <CsrfField token={csrfToken} />
              <Select name="role" label="Role" options={props.roleOptions} value={person.role} />
              <button type="submit">Change role</button>
            </form>
          )}
          <div class="row">
            {can.disable &&
              (person.status === "disabled" ? (
                <ActionForm action={`/people/${person.id}/enable`} csrfToken={csrfToken} label="Enable" />
              ) : (
                <ActionForm action={`/people/${person.id}/disable`} csrfToken={csrfToken} label="Disable" danger />
              ))}
            {can.resetPassword && person.role !== "student" && (
              <ActionForm
                action={`/people/${person.id}/password-reset`}
                csrfToken={csrfToken}
                label="Issue a password reset link"
              />
            )}
            {can.resetPin && person.role === "student" && (
              <ActionForm action={`/people/${person.id}/pin`} csrfToken={csrfToken} label="Reset PIN" />
            )}
            {can.unlockPin && person.role === "student" && props.pinLocked && (
              <ActionForm action={`/students/${person.id}/pin/unlock`} csrfToken={csrfToken} label="Unlock PIN" />
            )}
          </div>
        </section>
      )}
      {person.role === "student" && (
        <section class="card stack" aria-labelledby="parents-heading">
          <h2 id="parents-heading">Parents</h2>
          {props.parents.length === 0 ? (
            <p class="muted">No parent linked yet.</p>
          ) : (
            <ul>
              {props.parents.map((parent) => (
                <li class="row">
                  <a href={`/people/${parent.id}`}>{parent.name}</a>
                  {can.linkParent && (
                    <ActionForm
                      action={`/people/${person.id}/parents/${parent.id}/unlink`}
                      csrfToken={csrfToken}
                      label="Unlink"
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          {can.linkParent && props.parentOptions.length > 0 && (
            <form method="post" action={`/people/${person.id}/parents`} class="row">
              <CsrfField token={csrfToken} />
              <Select name="parentId" label="Link a parent" options={props.parentOptions} />
              <button type="submit">Link</button>
            </form>
          )}
        </section>
      )}
      {person.role === "parent" && (
        <section class="card" aria-labelledby="children-heading">
          <h2 id="children-heading">Children</h2>
          {props.children.length === 0 ? (
            <p class="muted">No children linked yet. Link them from the student's page.</p>
          ) : (
            <ul>
              {props.children.map((child) => (
                <li>
                  <a href={`/people/${child.id}`}>{child.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
