import { rgb } from "pdf-lib";
import { formatDate, t } from "../../platform/i18n";
import { PdfWriter } from "../../platform/pdf";

export interface Certificate {
  studentName: string;
  badgeName: string;
  badgeDescription: string;
  earnedAt: Date;
  centreName: string;
}

/** A4 landscape. */
const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 36;
const ACCENT = rgb(0.16, 0.33, 0.55);
const MUTED = rgb(0.35, 0.35, 0.35);

/** A one-page certificate for a badge a student earned, in the language and time zone of the work in progress. */
export async function buildCertificatePdf(certificate: Certificate): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PdfWriter.create({
    title: t("pdf.certificate.documentTitle", { badge: certificate.badgeName, name: certificate.studentName }),
    author: certificate.centreName,
  });
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  page.drawRectangle({
    x: MARGIN,
    y: MARGIN,
    width: PAGE.width - 2 * MARGIN,
    height: PAGE.height - 2 * MARGIN,
    borderColor: ACCENT,
    borderWidth: 3,
  });
  page.drawRectangle({
    x: MARGIN + 8,
    y: MARGIN + 8,
    width: PAGE.width - 2 * MARGIN - 16,
    height: PAGE.height - 2 * MARGIN - 16,
    borderColor: ACCENT,
    borderWidth: 0.75,
  });
  const width = PAGE.width - 2 * (MARGIN + 40);
  const centred = (text: string, y: number, size: number, options: { bold?: boolean; color?: typeof ACCENT } = {}) =>
    pdf.draw(page, text, {
      x: MARGIN + 40,
      y,
      size,
      width,
      align: "center",
      weight: options.bold ? "bold" : "regular",
      color: options.color,
    });
  const fitted = (text: string, size: number, bold: boolean) =>
    pdf.wrap(text, { size, width, maxLines: 2, weight: bold ? "bold" : "regular" });

  centred(certificate.centreName, PAGE.height - 100, 14, { color: MUTED });
  centred(t("pdf.certificate.heading"), PAGE.height - 160, 34, { bold: true, color: ACCENT });
  centred(t("pdf.certificate.presentedTo"), PAGE.height - 215, 14);
  fitted(certificate.studentName, 30, true).forEach((line, index) => {
    centred(line, PAGE.height - 265 - index * 36, 30, { bold: true });
  });
  centred(t("pdf.certificate.forBadge"), PAGE.height - 340, 14);
  centred(certificate.badgeName, PAGE.height - 380, 24, { bold: true, color: ACCENT });
  fitted(certificate.badgeDescription, 13, false).forEach((line, index) => {
    centred(line, PAGE.height - 408 - index * 17, 13, { color: MUTED });
  });
  centred(t("pdf.certificate.earnedOn", { date: formatDate(certificate.earnedAt, "long") }), MARGIN + 60, 13);
  return pdf.save();
}
