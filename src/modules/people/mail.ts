import { roleLabel } from "../../../views/people/roles";
import type { Role } from "../../platform/db/schema";
import { formatDateTime, t } from "../../platform/i18n";
import { type MailRecipient, mailTemplate } from "../../platform/mail";

/**
 * The people module's emails. Template names are stored with each queued email: keep them
 * stable. Parameters hold links and names, never a PIN, a password or a date of birth.
 */

function centreOf(recipient: MailRecipient): string {
  return recipient.centreName ?? t("common.appName");
}

/** An ISO instant, said in the recipient's language and their centre's time zone. */
function until(expiresAt: string): string {
  return formatDateTime(new Date(expiresAt), "long");
}

export interface InvitationMailParams {
  link: string;
  expiresAt: string;
  role: Role;
}

export const invitationMail = mailTemplate<InvitationMailParams>("people.invitation", (params, recipient) => ({
  subject: t("people.mail.invitation.subject", { centre: centreOf(recipient) }),
  greeting: t("people.mail.greeting", { name: recipient.name }),
  paragraphs: [t("people.mail.invitation.body", { centre: centreOf(recipient), role: roleLabel(params.role) })],
  action: { label: t("people.mail.invitation.action"), url: params.link },
  footnote: t("people.mail.linkUntil", { expires: until(params.expiresAt) }),
}));

export interface PasswordResetMailParams {
  link: string;
  expiresAt: string;
  /** Whether the person asked on the sign-in page, or the centre issued the link. */
  requestedBy: "self" | "centre";
}

export const passwordResetMail = mailTemplate<PasswordResetMailParams>(
  "people.password_reset",
  (params, recipient) => ({
    subject: t("people.mail.reset.subject", { centre: centreOf(recipient) }),
    greeting: t("people.mail.greeting", { name: recipient.name }),
    paragraphs:
      params.requestedBy === "self"
        ? [t("people.mail.reset.bodySelf", { centre: centreOf(recipient) }), t("people.mail.reset.notYou")]
        : [t("people.mail.reset.bodyCentre", { centre: centreOf(recipient) })],
    action: { label: t("people.mail.reset.action"), url: params.link },
    footnote: t("people.mail.linkUntil", { expires: until(params.expiresAt) }),
  }),
);

export interface ConsentRequestMailParams {
  student: string;
  link: string;
}

export const consentRequestMail = mailTemplate<ConsentRequestMailParams>(
  "people.consent_request",
  (params, recipient) => ({
    subject: t("people.mail.consent.subject", { student: params.student }),
    greeting: t("people.mail.greeting", { name: recipient.name }),
    paragraphs: [
      t("people.mail.consent.body", { centre: centreOf(recipient), student: params.student }),
      t("people.mail.consent.how", { student: params.student }),
    ],
    action: { label: t("people.mail.consent.action"), url: params.link },
    footnote: t("people.mail.consent.footnote"),
  }),
);

/** Every email this module sends; src/registry.ts lists it for the mail worker. */
export const peopleMailTemplates = [invitationMail, passwordResetMail, consentRequestMail];
