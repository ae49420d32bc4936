import { type PDFPage, rgb } from "pdf-lib";
import { formatDate, formatPercent, t } from "../../platform/i18n";
import { PdfWriter } from "../../platform/pdf";
import type { ProgressReport } from "./report";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const ACCENT = rgb(0.16, 0.33, 0.55);
const MUTED = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.8, 0.8, 0.8);
const ROW = 20;

/** Columns of the course table as fractions of the width, in reading order (mirrored in right-to-left). */
const COLUMNS = [0.5, 0.22, 0.28];

/**
 * A student's progress report (attendance, homework, average score per course), in the language
 * and time zone of the work in progress. The seed of the term report: a fuller report adds
 * comments and charts on the same layer.
 */
export async function buildProgressReportPdf(
  report: ProgressReport,
  centreName: string,
  producedAt: Date,
): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PdfWriter.create({
    title: t("pdf.report.documentTitle", { name: report.studentName }),
    author: centreName,
  });
  let page = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const line = (
    text: string,
    size: number,
    options: { bold?: boolean; color?: typeof ACCENT; gap?: number; align?: "start" | "end" } = {},
  ) => {
    for (const part of pdf.wrap(text, { size, width: WIDTH, maxLines: 3, weight: options.bold ? "bold" : "regular" })) {
      if (y < MARGIN + size) {
        page = pdf.addPage([A4.width, A4.height]);
        y = A4.height - MARGIN;
      }
      y -= size;
      pdf.draw(page, part, {
        x: MARGIN,
        y,
        size,
        width: WIDTH,
        align: options.align,
        weight: options.bold ? "bold" : "regular",
        color: options.color,
      });
      y -= size * 0.4;
    }
    y -= options.gap ?? 0;
  };

  line(centreName, 11, { color: MUTED, gap: 10 });
  line(t("pdf.report.heading"), 24, { bold: true, color: ACCENT, gap: 14 });
  line(t("pdf.report.student"), 10, { color: MUTED });
  line(report.studentName, 18, { bold: true, gap: 4 });
  line(t("pdf.report.producedOn", { date: formatDate(producedAt, "long") }), 10, { color: MUTED, gap: 18 });

  line(t("pdf.report.attendance"), 14, { bold: true, color: ACCENT, gap: 4 });
  const { attendance, homework } = report;
  if (attendance.recorded === 0) line(t("pdf.report.noAttendance"), 11, { gap: 14 });
  else {
    line(t("pdf.report.attendanceRate", { rate: formatPercent(attendance.attended / attendance.recorded) }), 11);
    line(t("pdf.report.attendanceSessions", { attended: attendance.attended, recorded: attendance.recorded }), 11, {
      gap: 14,
    });
  }

  line(t("pdf.report.homework"), 14, { bold: true, color: ACCENT, gap: 4 });
  if (homework.assigned === 0) line(t("pdf.report.noHomework"), 11, { gap: 14 });
  else {
    line(t("pdf.report.homeworkCompletion", { rate: formatPercent(homework.handedIn / homework.assigned) }), 11);
    line(t("pdf.report.homeworkHandedIn", { handedIn: homework.handedIn, assigned: homework.assigned }), 11, {
      gap: 14,
    });
  }

  line(t("pdf.report.courses"), 14, { bold: true, color: ACCENT, gap: 6 });
  if (report.courses.length === 0) {
    line(t("pdf.report.noCourses"), 11);
    return pdf.save();
  }
  const row = (cells: string[], bold: boolean) => {
    if (y < MARGIN + ROW) {
      page = pdf.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
    }
    y -= ROW;
    drawRow(pdf, page, cells, y + 6, bold);
    page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + WIDTH, y }, thickness: 0.5, color: RULE });
  };
  row([t("pdf.report.course"), t("pdf.report.handedIn"), t("pdf.report.averageScore")], true);
  for (const course of report.courses) {
    row(
      [
        course.title ?? t("pdf.report.otherWork"),
        t("pdf.report.handedInOf", { handedIn: course.handedIn, assigned: course.assigned }),
        course.averageScore === null ? t("pdf.report.notMarked") : formatPercent(course.averageScore),
      ],
      false,
    );
  }
  return pdf.save();
}

/** One table row: cells in reading order, the first column at the start side. */
function drawRow(pdf: PdfWriter, page: PDFPage, cells: string[], baseline: number, bold: boolean): void {
  let start = 0;
  cells.forEach((cell, index) => {
    const fraction = COLUMNS[index] ?? 0;
    const width = fraction * WIDTH - 8;
    // Columns run from the start side: left to right, or right to left in Arabic.
    const x = pdf.direction === "rtl" ? MARGIN + WIDTH - (start + fraction) * WIDTH + 8 : MARGIN + start * WIDTH;
    const text = pdf.wrap(cell, { size: 10, width, maxLines: 1, weight: bold ? "bold" : "regular" })[0] ?? "";
    pdf.draw(page, text, { x, y: baseline, size: 10, width, weight: bold ? "bold" : "regular" });
    start += fraction;
  });
}
