import { type PDFPage, rgb } from "pdf-lib";
import { formatPercent, t } from "../../platform/i18n";
import { PdfWriter } from "../../platform/pdf";
import type { TermReport } from "./term-report";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const ACCENT = rgb(0.16, 0.33, 0.55);
const MUTED = rgb(0.35, 0.35, 0.35);
const TRACK = rgb(0.9, 0.9, 0.9);
const BAR = { height: 12, gap: 10, label: 0.38, value: 0.14 };

type Colour = typeof ACCENT;

/** Draws one student's report from the top of a fresh page, adding pages as the text needs. */
class ReportLayout {
  private page: PDFPage;
  private y = A4.height - MARGIN;

  constructor(private readonly pdf: PdfWriter) {
    this.page = pdf.addPage([A4.width, A4.height]);
  }

  private room(height: number): void {
    if (this.y - height >= MARGIN) return;
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  line(text: string, size: number, options: { bold?: boolean; color?: Colour; gap?: number; maxLines?: number } = {}) {
    const weight = options.bold ? "bold" : "regular";
    for (const part of this.pdf.wrap(text, { size, width: WIDTH, maxLines: options.maxLines ?? 3, weight })) {
      this.room(size * 1.4);
      this.y -= size;
      this.pdf.draw(this.page, part, { x: MARGIN, y: this.y, size, width: WIDTH, weight, color: options.color });
      this.y -= size * 0.4;
    }
    this.y -= options.gap ?? 0;
  }

  /** A tutor's text: each paragraph they typed wrapped on its own, at most `maxLines` lines in all. */
  paragraphs(text: string, maxLines: number): void {
    for (const paragraph of text.split(/\n\s*\n|\n/).filter((part) => part.trim()))
      this.line(paragraph, 11, { gap: 4, maxLines });
    this.y -= 8;
  }

  heading(text: string): void {
    this.line(text, 14, { bold: true, color: ACCENT, gap: 4 });
  }

  /** A horizontal bar per course (average score), label at the start side, value at the end. */
  bars(rows: { label: string; value: number | null }[]): void {
    const labelWidth = WIDTH * BAR.label - 8;
    const valueWidth = WIDTH * BAR.value;
    const trackWidth = WIDTH - labelWidth - valueWidth - 16;
    const rtl = this.pdf.direction === "rtl";
    for (const row of rows) {
      this.room(BAR.height + BAR.gap);
      this.y -= BAR.height;
      const labelX = rtl ? MARGIN + WIDTH - labelWidth : MARGIN;
      const trackX = rtl ? MARGIN + valueWidth + 8 : MARGIN + labelWidth + 8;
      const valueX = rtl ? MARGIN : MARGIN + WIDTH - valueWidth;
      const label = this.pdf.wrap(row.label, { size: 10, width: labelWidth, maxLines: 1 })[0] ?? "";
      this.pdf.draw(this.page, label, { x: labelX, y: this.y + 2, size: 10, width: labelWidth });
      this.page.drawRectangle({ x: trackX, y: this.y, width: trackWidth, height: BAR.height, color: TRACK });
      if (row.value !== null) {
        const filled = Math.max(0, Math.min(1, row.value)) * trackWidth;
        // The bar grows from the start side: from the right in a right-to-left language.
        const x = rtl ? trackX + trackWidth - filled : trackX;
        this.page.drawRectangle({ x, y: this.y, width: filled, height: BAR.height, color: ACCENT });
      }
      const value = row.value === null ? t("pdf.termReport.notMarked") : formatPercent(row.value);
      this.pdf.draw(this.page, value, { x: valueX, y: this.y + 2, size: 10, width: valueWidth, align: "end" });
      this.y -= BAR.gap;
    }
    this.y -= 8;
  }
}

function drawReport(pdf: PdfWriter, report: TermReport): void {
  const layout = new ReportLayout(pdf);
  layout.line(report.centreName, 11, { color: MUTED, gap: 8 });
  layout.line(t("pdf.termReport.heading", { period: report.periodName }), 22, { bold: true, color: ACCENT, gap: 4 });
  layout.line(report.dates, 10, { color: MUTED, gap: 12 });
  layout.line(t("pdf.termReport.student"), 10, { color: MUTED });
  layout.line(report.studentName, 18, { bold: true, gap: 4 });
  layout.line(
    t("pdf.termReport.class", { className: report.className, course: report.courseTitle, tutor: report.tutorName }),
    10,
    { color: MUTED, gap: 14 },
  );

  const { attendance, homework } = report;
  // A heading and one sentence: the share of sessions attended, or of homework handed in.
  const rate = (heading: string, none: string, part: number, whole: number, sentence: (rate: string) => string) => {
    layout.heading(heading);
    layout.line(whole === 0 ? none : sentence(formatPercent(part / whole)), 11, { gap: 12 });
  };
  rate(
    t("pdf.termReport.attendance"),
    t("pdf.termReport.noAttendance"),
    attendance.attended,
    attendance.recorded,
    (value) =>
      t("pdf.termReport.attendanceRate", { rate: value, attended: attendance.attended, recorded: attendance.recorded }),
  );
  rate(t("pdf.termReport.homework"), t("pdf.termReport.noHomework"), homework.handedIn, homework.assigned, (value) =>
    t("pdf.termReport.homeworkRate", { rate: value, handedIn: homework.handedIn, assigned: homework.assigned }),
  );

  layout.heading(t("pdf.termReport.scores"));
  if (report.courses.length === 0) layout.line(t("pdf.termReport.noScores"), 11, { gap: 12 });
  else layout.bars(report.courses.map((course) => ({ label: course.title, value: course.average })));

  layout.heading(t("pdf.termReport.comment"));
  layout.paragraphs(report.comment || t("pdf.termReport.noComment"), 40);
  layout.heading(t("pdf.termReport.nextSteps"));
  layout.paragraphs(report.nextSteps || t("pdf.termReport.noComment"), 20);
}

/**
 * Term reports as one PDF, each student from a fresh page, in the language of the work in
 * progress; fonts are embedded once for the whole batch. `onReport` hears each one drawn.
 */
export async function termReportsPdf(
  reports: AsyncIterable<TermReport> | TermReport[],
  meta: { title: string; author: string },
  onReport: (done: number) => Promise<void> = async () => undefined,
): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PdfWriter.create(meta);
  let done = 0;
  for await (const report of reports) {
    drawReport(pdf, report);
    done += 1;
    await onReport(done);
  }
  return pdf.save();
}
