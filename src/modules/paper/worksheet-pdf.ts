import { type PDFPage, rgb } from "pdf-lib";
import QRCode from "qrcode";
import { currentLocalisation, type Locale, t, withLocalisation } from "../../platform/i18n";
import { PdfWriter, type Weight } from "../../platform/pdf";
import { formatDue } from "../homework";
import { signWorksheetPage } from "./token";

/** One student's copy: a cover, then the pages they write on. */
export interface WorksheetCopy {
  homeworkId: string;
  studentId: string;
  studentName: string;
}

export interface Worksheet {
  title: string;
  dueAt: Date;
  centreName: string;
  pages: number;
  /** What page 1 says above its lines (the worksheet prompts or the instructions). */
  prompt: string;
  copies: WorksheetCopy[];
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
/** 2.4 pt modules: about 5 pixels each at 150 dpi, read reliably from copier scans and photos. */
const MODULE = 2.4;
const GREY = rgb(0.72, 0.72, 0.72);
/** Text beside the QR code (top right) stays clear of it. */
const TEXT_WIDTH = A4.width - 2 * MARGIN - 110;

/** Draws the QR code with its top-right corner at (right, top), one rectangle per run of dark modules. */
export function drawQr(page: PDFPage, text: string, right: number, top: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const left = right - modules.size * MODULE;
  for (let row = 0; row < modules.size; row += 1) {
    let column = 0;
    while (column < modules.size) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      let end = column;
      while (end < modules.size && modules.get(row, end)) end += 1;
      const y = top - (row + 1) * MODULE;
      page.drawRectangle({ x: left + column * MODULE, y, width: (end - column) * MODULE, height: MODULE });
      column = end;
    }
  }
}

function drawCover(pdf: PdfWriter, sheet: Worksheet, copy: WorksheetCopy): void {
  const page = pdf.addPage([A4.width, A4.height]);
  const text = (value: string, y: number, size: number, weight: Weight = "regular") =>
    pdf.draw(page, value, { x: MARGIN, y, size, weight, width: TEXT_WIDTH });
  drawQr(
    page,
    signWorksheetPage({ homeworkId: copy.homeworkId, studentId: copy.studentId, page: 0 }),
    A4.width - MARGIN,
    A4.height - MARGIN,
  );
  text(sheet.centreName, A4.height - MARGIN - 12, 11);
  pdf.wrap(sheet.title, { size: 22, weight: "bold", width: TEXT_WIDTH, maxLines: 3 }).forEach((line, index) => {
    text(line, A4.height - 190 - index * 28, 22, "bold");
  });
  // The name on a line of its own: it reads (and extracts) whole in any script and direction.
  text(t("pdf.worksheet.student"), A4.height - 284, 10);
  text(copy.studentName, A4.height - 304, 16, "bold");
  text(t("pdf.worksheet.due", { due: dueText(sheet.dueAt) }), A4.height - 330, 13);
  pdf
    .wrap(t("pdf.worksheet.pagesFollow", { pages: sheet.pages }), { size: 11, width: TEXT_WIDTH, maxLines: 3 })
    .forEach((line, index) => {
      text(line, A4.height - 356 - index * 15, 11);
    });
  pdf
    .wrap(t("pdf.worksheet.keepCodeClear"), { size: 9, width: A4.width - 2 * MARGIN, maxLines: 2 })
    .forEach((line, index) => {
      pdf.draw(page, line, { x: MARGIN, y: 80 - index * 12, size: 9, width: A4.width - 2 * MARGIN });
    });
}

function drawWritingPage(pdf: PdfWriter, sheet: Worksheet, copy: WorksheetCopy, number: number): void {
  const page = pdf.addPage([A4.width, A4.height]);
  const top = A4.height - MARGIN;
  drawQr(
    page,
    signWorksheetPage({ homeworkId: copy.homeworkId, studentId: copy.studentId, page: number }),
    A4.width - MARGIN,
    top,
  );
  const header = (value: string, y: number, size: number, weight: Weight = "regular") =>
    pdf.draw(page, pdf.wrap(value, { size, weight, width: TEXT_WIDTH, maxLines: 1 })[0] ?? "", {
      x: MARGIN,
      y,
      size,
      weight,
      width: TEXT_WIDTH,
    });
  header(sheet.title, top - 14, 13, "bold");
  header(copy.studentName, top - 34, 11);
  header(t("pdf.worksheet.pageOf", { number, total: sheet.pages }), top - 52, 10);
  let linesTop = top - 120;
  if (number === 1 && sheet.prompt) {
    const width = A4.width - 2 * MARGIN;
    const promptLines = pdf.wrap(sheet.prompt, { size: 10, width, maxLines: 8 });
    promptLines.forEach((line, index) => {
      pdf.draw(page, line, { x: MARGIN, y: top - 120 - index * 14, size: 10, width });
    });
    linesTop -= promptLines.length * 14 + 10;
  }
  for (let y = linesTop; y > MARGIN + 20; y -= 26) {
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, thickness: 0.5, color: GREY });
  }
  pdf.draw(page, t("pdf.worksheet.footer", { number, total: sheet.pages }), {
    x: MARGIN,
    y: MARGIN - 12,
    size: 9,
    width: A4.width - 2 * MARGIN,
    align: "center",
  });
}

/** The due time as the homework pages show it, in the centre's language and time zone. */
function dueText(dueAt: Date): string {
  return formatDue(dueAt, currentLocalisation().timeZone);
}

/**
 * The printable worksheet: for each student a cover and their pages, every page with its signed
 * QR code. Printed in the centre's language and time zone (students of a class share the copy
 * room), whoever asks for it.
 */
export function buildWorksheetPdf(
  sheet: Worksheet,
  centre: { locale: Locale; timeZone: string },
): Promise<Uint8Array<ArrayBuffer>> {
  return withLocalisation({ locale: centre.locale, timeZone: centre.timeZone }, async () => {
    const pdf = await PdfWriter.create({ title: sheet.title, author: sheet.centreName });
    for (const copy of sheet.copies) {
      drawCover(pdf, sheet, copy);
      for (let number = 1; number <= sheet.pages; number += 1) drawWritingPage(pdf, sheet, copy, number);
    }
    return pdf.save();
  });
}
