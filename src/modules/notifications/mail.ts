import { config } from "../../config";
import { formatLocalDate, type MessageKey, t } from "../../platform/i18n";
import { type MailContent, type MailRecipient, mailTemplate } from "../../platform/mail";
import { type Note, type NotificationKind, type NotificationParams, renderNotification } from "./kinds";
import type { EmailKind } from "./preferences";

/** A link inside AetherLearn as an address that works from a mailbox. */
function absolute(link: string | undefined): string | undefined {
  return link ? new URL(link, config.PUBLIC_URL).toString() : undefined;
}

function noteText(note: Note): string {
  return "kind" in note ? renderNotification({ kind: note.kind, params: note.params, text: "" }) : note.text;
}

/** A note of a kind (not free text): its parameters name the student the subject speaks of. */
export interface KindNote {
  kind: NotificationKind;
  params: NotificationParams;
  link?: string;
}

/**
 * An email that says one notification: its words are the note's, composed in the recipient's
 * language; the subject names what happened to whom.
 */
function noteMail(name: string, subject: MessageKey) {
  return mailTemplate<KindNote>(name, (note, recipient): MailContent => {
    const url = absolute(note.link);
    return {
      subject: t(subject, { student: "", ...note.params }),
      greeting: t("notifications.mail.greeting", { name: recipient.name }),
      paragraphs: [noteText(note)],
      ...(url ? { action: { label: t("notifications.mail.open"), url } } : {}),
      footnote: t("notifications.mail.whyImmediate"),
    };
  });
}

/** The emails of the family notifications, by the kind a person chooses about. Names are stored: keep them stable. */
export const familyMails = {
  homework_marked: noteMail("notifications.homework-marked", "notifications.mail.subject.homeworkMarked"),
  redo_requested: noteMail("notifications.redo-requested", "notifications.mail.subject.redoRequested"),
  absence: noteMail("notifications.absence", "notifications.mail.subject.absence"),
  homework_overdue: noteMail("notifications.homework-overdue", "notifications.mail.subject.homeworkOverdue"),
  badge_earned: noteMail("notifications.badge-earned", "notifications.mail.subject.badgeEarned"),
} as const satisfies Partial<Record<EmailKind, unknown>>;

export interface DigestParams {
  /** The centre-local day the digest is for (YYYY-MM-DD). */
  date: string;
  items: Note[];
}

/** One email a day with every line that waited for it, each put into the recipient's words now. */
export const digestMail = mailTemplate<DigestParams>(
  "notifications.digest",
  ({ date, items }, recipient: MailRecipient): MailContent => ({
    subject: t("notifications.mail.subject.digest", { date: formatLocalDate(date) }),
    greeting: t("notifications.mail.greeting", { name: recipient.name }),
    paragraphs: [t("notifications.mail.digestIntro", { count: items.length })],
    items: items.map((item) => {
      const url = absolute(item.link);
      return url ? { text: noteText(item), url } : { text: noteText(item) };
    }),
    action: { label: t("notifications.mail.settings"), url: absolute("/notifications/email") as string },
    footnote: t("notifications.mail.whyDigest"),
  }),
);

/** Every email this module sends; src/registry.ts lists them for the mail worker. */
export const notificationMailTemplates = [...Object.values(familyMails), digestMail];
