import { type MessageKey, t } from "../../src/platform/i18n";
import { CsrfField, Notice, Select } from "../components/form";

/** The kinds of email a person chooses about (the notifications module's EMAIL_KINDS). */
export type EmailKindName =
  | "homework_marked"
  | "redo_requested"
  | "absence"
  | "homework_overdue"
  | "badge_earned"
  | "announcement"
  | "message"
  | "term_report";
export type EmailChoiceName = "immediate" | "digest" | "off";

const KIND_LABELS: Record<EmailKindName, MessageKey> = {
  homework_marked: "notifications.email.kind.homeworkMarked",
  redo_requested: "notifications.email.kind.redoRequested",
  absence: "notifications.email.kind.absence",
  homework_overdue: "notifications.email.kind.homeworkOverdue",
  badge_earned: "notifications.email.kind.badgeEarned",
  announcement: "notifications.email.kind.announcement",
  message: "notifications.email.kind.message",
  term_report: "notifications.email.kind.termReport",
};

const CHOICE_LABELS: Record<EmailChoiceName, MessageKey> = {
  immediate: "notifications.email.choice.immediate",
  digest: "notifications.email.choice.digest",
  off: "notifications.email.choice.off",
};

export interface EmailSettingsViewProps {
  choices: { kind: EmailKindName; choice: EmailChoiceName }[];
  saved: boolean;
  errors: Record<string, string>;
  csrfToken: string;
}

/** Per kind of email: at once, in the daily digest at 17:00, or not at all. */
export function EmailSettingsView({ choices, saved, errors, csrfToken }: EmailSettingsViewProps) {
  const options = (Object.keys(CHOICE_LABELS) as EmailChoiceName[]).map((value) => ({
    value,
    label: t(CHOICE_LABELS[value]),
  }));
  return (
    <section class="card stack" aria-labelledby="email-settings-heading">
      <h1 id="email-settings-heading">{t("notifications.email.title")}</h1>
      {saved && <Notice kind="ok">{t("notifications.email.saved")}</Notice>}
      {choices.length === 0 ? (
        <p class="muted">{t("notifications.email.none")}</p>
      ) : (
        <form method="post" action="/notifications/email" class="stack">
          <CsrfField token={csrfToken} />
          <p class="muted">{t("notifications.email.intro")}</p>
          {choices.map(({ kind, choice }) => (
            <Select name={kind} label={t(KIND_LABELS[kind])} options={options} value={choice} error={errors[kind]} />
          ))}
          <button type="submit">{t("notifications.email.submit")}</button>
        </form>
      )}
      <p>
        <a href="/notifications">{t("notifications.email.back")}</a>
      </p>
    </section>
  );
}

function kindLabel(kind: EmailKindName | "digest"): string {
  return kind === "digest" ? t("notifications.unsubscribe.digest") : t(KIND_LABELS[kind]);
}

/** The page an unsubscribe link opens: one button, no sign-in; the link itself is the permission. */
export function UnsubscribeView({ kind, action }: { kind: EmailKindName | "digest"; action: string }) {
  return (
    <section class="card stack" aria-labelledby="unsubscribe-heading">
      <h1 id="unsubscribe-heading">{t("notifications.unsubscribe.title")}</h1>
      <p>{t("notifications.unsubscribe.confirm", { kind: kindLabel(kind) })}</p>
      <form method="post" action={action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">{t("notifications.unsubscribe.submit")}</button>
      </form>
    </section>
  );
}

export function UnsubscribedView({ kind }: { kind: EmailKindName | "digest" }) {
  return (
    <section class="card stack" aria-labelledby="unsubscribed-heading">
      <h1 id="unsubscribed-heading">{t("notifications.unsubscribe.doneTitle")}</h1>
      <Notice kind="ok">{t("notifications.unsubscribe.done", { kind: kindLabel(kind) })}</Notice>
      <p>
        <a href="/notifications/email">{t("notifications.unsubscribe.settings")}</a>
      </p>
    </section>
  );
}
