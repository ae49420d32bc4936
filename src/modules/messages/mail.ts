import { config } from "../../config";
import { t } from "../../platform/i18n";
import { type MailContent, mailTemplate } from "../../platform/mail";

/**
 * What a message nudge carries: who wrote, about which student, and the thread. Never the message
 * itself: what is written stays in the thread, where it is kept and the centre's admins can see it,
 * and an email cannot be taken back.
 */
export interface MessageNudgeParams {
  from: string;
  student: string;
  threadId: string;
}

/** The address of a thread, from a mailbox. */
export function threadUrl(threadId: string): string {
  return new URL(`/messages/${threadId}`, config.PUBLIC_URL).toString();
}

/** Template names are stored with each queued email: keep them stable. */
export const messageReceivedMail = mailTemplate<MessageNudgeParams>(
  "messages.message-received",
  (params, recipient): MailContent => ({
    subject: t("messages.mail.subject", { from: params.from, student: params.student }),
    greeting: t("messages.mail.greeting", { name: recipient.name }),
    paragraphs: [t("messages.mail.body", { from: params.from, student: params.student })],
    action: { label: t("messages.mail.open"), url: threadUrl(params.threadId) },
    footnote: t("messages.mail.why"),
  }),
);

/** Every email this module sends; src/registry.ts lists them for the mail worker. */
export const messageMailTemplates = [messageReceivedMail];
