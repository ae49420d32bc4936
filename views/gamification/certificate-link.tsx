import { t } from "../../src/platform/i18n";

/** A badge's certificate (PDF), for anyone who sees the student's badges. */
export function CertificateLink(props: { studentId: string; code: string; badgeName: string }) {
  return (
    <a
      class="certificate-link"
      href={`/students/${props.studentId}/badges/${props.code}/certificate.pdf`}
      download
      aria-label={t("pdf.certificate.downloadLabel", { badge: props.badgeName })}
    >
      {t("pdf.certificate.download")}
    </a>
  );
}
