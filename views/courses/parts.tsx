import type { Child } from "#html/jsx-runtime";
import type { ContentStatus } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { CsrfField } from "../components/form";

/** Small pieces shared by the course pages. */

/**
 * A one-button POST form. Without JavaScript it posts and the server redirects back; with htmx
 * it posts in place and swaps the list it belongs to.
 */
export function ActionForm(props: {
  action: string;
  csrfToken: string;
  label: string;
  /** What the button does, for screen readers, when the visible label is short ("Up"). */
  ariaLabel?: string;
  target?: string;
  fields?: Record<string, string>;
  danger?: boolean;
  secondary?: boolean;
  /** A destructive action: the server's confirm page asks first (a dialog with JavaScript). */
  confirm?: boolean;
}) {
  const htmx = props.target ? { "hx-post": props.action, "hx-target": props.target, "hx-swap": "outerHTML" } : {};
  return (
    <form method="post" action={props.action} class="inline-form" data-confirm={props.confirm} {...htmx}>
      <CsrfField token={props.csrfToken} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        class={props.danger ? "danger" : props.secondary ? "secondary" : undefined}
        aria-label={props.ariaLabel}
      >
        {props.label}
      </button>
    </form>
  );
}

/** "Up" and "Down" for an item in an ordered list; the first has no Up, the last no Down. */
export function MoveButtons(props: {
  action: string;
  csrfToken: string;
  target: string;
  name: string;
  first: boolean;
  last: boolean;
}) {
  const directions = [
    {
      direction: "up",
      label: t("courses.move.up"),
      ariaLabel: t("courses.move.upNamed", { name: props.name }),
      shown: !props.first,
    },
    {
      direction: "down",
      label: t("courses.move.down"),
      ariaLabel: t("courses.move.downNamed", { name: props.name }),
      shown: !props.last,
    },
  ];
  return (
    <>
      {directions
        .filter((move) => move.shown)
        .map((move) => (
          <ActionForm
            action={props.action}
            csrfToken={props.csrfToken}
            target={props.target}
            fields={{ direction: move.direction }}
            label={move.label}
            ariaLabel={move.ariaLabel}
            secondary
          />
        ))}
    </>
  );
}

/** Deletes an item of a list in place, after the browser asks to confirm. */
export function DeleteButton(props: { action: string; csrfToken: string; target: string; name: string }) {
  return (
    <ActionForm
      action={props.action}
      csrfToken={props.csrfToken}
      target={props.target}
      label={t("common.form.delete")}
      ariaLabel={t("courses.deleteNamed", { name: props.name })}
      confirm
      danger
    />
  );
}

const STATUS_LABELS = {
  draft: "courses.status.draft",
  published: "courses.status.published",
  archived: "courses.status.archived",
} as const satisfies Record<ContentStatus, string>;

/** A course's or lesson's status as the reader's language names it. */
export function statusLabel(status: ContentStatus): string {
  return t(STATUS_LABELS[status]);
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span class={status === "published" ? "badge ok" : status === "archived" ? "badge bad" : "badge"}>{label}</span>
  );
}

export function FormCard(props: {
  heading: string;
  action: string;
  csrfToken: string;
  submit: string;
  children: Child;
  back: string;
}) {
  return (
    <section class="card">
      <h1>{props.heading}</h1>
      <form method="post" action={props.action} class="stack" novalidate>
        <CsrfField token={props.csrfToken} />
        {props.children}
        <div class="row">
          <button type="submit">{props.submit}</button>
          <a href={props.back}>{t("common.form.cancel")}</a>
        </div>
      </form>
    </section>
  );
}
