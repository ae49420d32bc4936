import type { SentMailItem } from "../../../views/mail/sent-mail";
import type { MailStatus } from "../../platform/db/schema";
import { formatDateTime, type MessageKey, t } from "../../platform/i18n";
import type { SentMailRow } from "./queries";

const STATUS_LABELS: Record<MailStatus, MessageKey> = {
  queued: "mail.status.queued",
  sending: "mail.status.sending",
  sent: "mail.status.sent",
  failed: "mail.status.failed",
  skipped: "mail.status.skipped",
};

/**
 * What each kind of email is called in the log, by its stored template name. Every template the
 * worker composes (src/registry.ts) has a label here; the module's test checks it.
 */
export const TEMPLATE_LABELS: Record<string, MessageKey> = {
  "people.invitation": "mail.template.invitation",
  "people.password_reset": "mail.template.passwordReset",
  "people.consent_request": "mail.template.consentRequest",
  "notifications.homework-marked": "mail.template.homeworkMarked",
  "notifications.redo-requested": "mail.template.redoRequested",
  "notifications.absence": "mail.template.absence",
  "notifications.homework-overdue": "mail.template.homeworkOverdue",
  "notifications.badge-earned": "mail.template.badgeEarned",
  "notifications.digest": "mail.template.digest",
  "announcements.posted": "mail.template.announcement",
  "messages.message-received": "messages.mail.label",
  "reports.term-report-released": "reports.mail.label",
};

export function statusLabel(status: MailStatus): string {
  return t(STATUS_LABELS[status]);
}

export function templateLabel(template: string): string {
  const key = TEMPLATE_LABELS[template];
  return key ? t(key) : template;
}

/** Why an email is not delivered yet, in words the front desk can act on; the raw error stays in the log row. */
function problemOf(row: SentMailRow): string | null {
  if (row.status === "sent") return null;
  if (row.status === "skipped") return t("mail.problem.noAddress");
  if (!row.lastError) return null;
  if (row.status === "failed") return t("mail.problem.gaveUp", { error: row.lastError });
  return t("mail.problem.retrying", { error: row.lastError });
}

export function toSentMailItem(row: SentMailRow): SentMailItem {
  return {
    id: row.id,
    kindLabel: templateLabel(row.template),
    recipient: row.recipientName,
    statusLabel: statusLabel(row.status),
    status: row.status,
    attempts: row.attempts,
    problem: problemOf(row),
    queuedAt: formatDateTime(row.createdAt),
    sentAt: row.sentAt ? formatDateTime(row.sentAt) : null,
  };
}
