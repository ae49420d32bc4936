import { t } from "../../src/platform/i18n";

/** The progress report (PDF) of the student whose progress page this is, for parents and staff. */
export function ProgressReportLink(props: { href: string }) {
  return (
    <p>
      <a href={props.href} download>
        {t("pdf.report.download")}
      </a>
    </p>
  );
}
