import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";

export interface StudentPinViewProps {
  studentId: string;
  name: string;
  studentCode: string | null;
  /** When the PIN was locked (formatted in the centre's time zone), or null. */
  lockedAt: string | null;
  /** "12 Mar 2026, 16:05 by Tom Tutor (Tutor)", or null when never reset. */
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
      <h1 id="pin-heading">{t("people.pin.title", { name: props.name })}</h1>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <dl class="details">
        {props.studentCode && (
          <>
            <dt>{t("people.pin.studentCode")}</dt>
            <dd>{props.studentCode}</dd>
          </>
        )}
        <dt>{t("people.pin.signIn")}</dt>
        <dd data-pin-state={props.lockedAt ? "locked" : "open"}>
          {props.lockedAt ? t("people.pin.lockedSince", { when: props.lockedAt }) : t("people.pin.open")}
        </dd>
        <dt>{t("people.pin.lastNew")}</dt>
        <dd data-last-reset>{props.lastReset ?? t("people.pin.neverReset")}</dd>
      </dl>
      <div class="row">
        {props.canUnlock && props.lockedAt && (
          <form method="post" action={`/students/${props.studentId}/pin/unlock`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit">{t("people.pin.unlock")}</button>
          </form>
        )}
        {props.canReset && (
          <form method="post" action={`/people/${props.studentId}/pin`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              {t("people.pin.giveNew")}
            </button>
          </form>
        )}
      </div>
      <p class="muted">{t("people.pin.advice", { name: props.name })}</p>
    </section>
  );
}
