import { CsrfField, Notice } from "../components/form";

export interface StudentPinViewProps {
  studentId: string;
  name: string;
  studentCode: string | null;
  /** When the PIN was locked (local time), or null. */
  lockedAt: string | null;
  /** "12 Mar 2026 16:05 by Tom Tutor (Tutor)", or null when never reset. */
  lastReset: string | null;
  canUnlock: boolean;
  canReset: boolean;
  notice: string | null;
  csrfToken: string;
}

/** A student's PIN as the people who look after them see it: locked or not, and who last reset it. */
export function StudentPinView(props: StudentPinViewProps) {
  return (
    <section class="card stack" aria-labelledby="pin-heading">
      <h1 id="pin-heading">PIN of {props.name}</h1>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <dl class="details">
        {props.studentCode && (
          <>
            <dt>Student code</dt>
            <dd>{props.studentCode}</dd>
          </>
        )}
        <dt>PIN sign-in</dt>
        <dd data-pin-state={props.lockedAt ? "locked" : "open"}>
          {props.lockedAt
            ? `Locked since ${props.lockedAt} after too many wrong guesses. A badge still works at the kiosk.`
            : "Open"}
        </dd>
        <dt>Last new PIN</dt>
        <dd data-last-reset>{props.lastReset ?? "never given by staff"}</dd>
      </dl>
      <div class="row">
        {props.canUnlock && props.lockedAt && (
          <form method="post" action={`/students/${props.studentId}/pin/unlock`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit">Unlock PIN</button>
          </form>
        )}
        {props.canReset && (
          <form method="post" action={`/people/${props.studentId}/pin`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              Give a new PIN
            </button>
          </form>
        )}
      </div>
      <p class="muted">
        If nobody in the family made those guesses, someone may be trying to sign in as {props.name}: giving a new PIN
        is safer than unlocking.
      </p>
    </section>
  );
}
