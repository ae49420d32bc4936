import { t } from "../../src/platform/i18n";
import { CsrfField } from "./form";

export interface ConfirmProps {
  /** The question, naming the thing ("Delete the class Maths 7A?"). */
  question: string;
  /** What exactly will happen. */
  consequence: string;
  /** The confirm button's label. */
  action: string;
  /** Where Cancel leads back to. */
  back: string;
  /** The address the confirmed form posts to: the destructive route itself. */
  url: string;
  /** The one-time token that lets this post act (platform/http/confirmation.ts). */
  token: string;
  csrfToken: string;
  /** Fields the first post carried, posted again unchanged. */
  carried?: Record<string, string>;
}

/**
 * The confirmation step of every destructive route: a page of its own without JavaScript, and
 * the same fragment inside a <dialog> with it (public/js/confirm.js). Cancel is a plain link back.
 */
export function ConfirmView(props: ConfirmProps) {
  return (
    <section class="card stack confirm" aria-labelledby="confirm-heading" data-confirm-page>
      <h1 id="confirm-heading">{props.question}</h1>
      <p>{props.consequence}</p>
      <form method="post" action={props.url} class="row">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="confirm" value={props.token} />
        {Object.entries(props.carried ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="danger">
          {props.action}
        </button>
        <a href={props.back} data-confirm-cancel>
          {t("common.form.cancel")}
        </a>
      </form>
    </section>
  );
}

/** A form that asks first: a destructive route's button, marked for the dialog script. */
export function ConfirmedPost(props: {
  action: string;
  label: string;
  csrfToken: string;
  kind?: "secondary" | "danger";
  inline?: boolean;
}) {
  return (
    <form method="post" action={props.action} class={props.inline === false ? undefined : "inline-form"} data-confirm>
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.kind ?? "danger"}>
        {props.label}
      </button>
    </form>
  );
}
