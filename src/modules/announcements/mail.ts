import { config } from "../../config";
import { t } from "../../platform/i18n";
import { mailTemplate } from "../../platform/mail";
import { paragraphsOf } from "./present";

/** What the worker needs to write the email; kept sealed until it is sent. */
export interface AnnouncementMailParams {
  announcementId: string;
  title: string;
  body: string;
  author: string | null;
}

/** The announcement itself, in full, with a link to it in AetherLearn. The name is stored: keep it stable. */
export const announcementMail = mailTemplate<AnnouncementMailParams>("announcements.posted", (params, recipient) => ({
  subject: t("announcements.mail.subject", { title: params.title }),
  greeting: t("announcements.mail.greeting", { name: recipient.name }),
  paragraphs: [
    params.author ? t("announcements.mail.introBy", { author: params.author }) : t("announcements.mail.intro"),
    params.title,
    ...paragraphsOf(params.body),
  ],
  action: {
    label: t("announcements.mail.action"),
    url: new URL(`/announcements/${params.announcementId}`, config.PUBLIC_URL).href,
  },
}));

/** This module's email templates; the registry lists them for the mail worker. */
export const announcementMailTemplates = [announcementMail];
