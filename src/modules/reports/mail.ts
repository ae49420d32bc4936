import { config } from "../../config";
import { t } from "../../platform/i18n";
import { mailTemplate } from "../../platform/mail";

/** What the email about a released report says; the names are as they were at release. */
export interface ReportReleasedMailParams {
  studentId: string;
  student: string;
  period: string;
  course: string;
}

/** A child's term report is ready: a link to the child's reports. The name is stored: keep it stable. */
export const reportReleasedMail = mailTemplate<ReportReleasedMailParams>(
  "reports.term-report-released",
  (params, recipient) => ({
    subject: t("reports.mail.subject", { student: params.student, period: params.period }),
    greeting: t("reports.mail.greeting", { name: recipient.name }),
    paragraphs: [t("reports.mail.body", { student: params.student, period: params.period, course: params.course })],
    action: {
      label: t("reports.mail.action"),
      url: new URL(`/children/${params.studentId}/reports`, config.PUBLIC_URL).href,
    },
    footnote: t("reports.mail.why"),
  }),
);

/** This module's email templates; the registry lists them for the mail worker. */
export const reportMailTemplates = [reportReleasedMail];
