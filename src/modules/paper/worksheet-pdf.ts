import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import QRCode from "qrcode";
import { signWorksheetPage } from "./token";

/** One student's copy: a cover, then the pages they write on. */
export interface WorksheetCopy {
  homeworkId: string;
  studentId: string;
  studentName: string;
}

export interface Worksheet {
  title: string;
  /** The due date in words, in the centre's time zone. */
  due: string;
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

/**
 * The standard PDF fonts only cover WinAnsi (Latin-1 and a few more). Other letters lose their
 * accents where they can, else become "?", so every name still prints.
 */
function printable(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/\s+/g, " ")]
    .map((char) => {
      if (supported.has(char.codePointAt(0) ?? 0)) return char;
      const base = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      return [...base].every((part) => supported.has(part.codePointAt(0) ?? 0)) && base ? base : "?";
    })
    .join("");
}

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

/** Wraps text into lines that fit the width, at most `maxLines`. */
function wrap(text: string, font: PDFFont, size: number, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
    if (lines.length === maxLines) return lines;
  }
  if (line) lines.push(line);
  return lines.slice(0, maxLines);
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

function drawCover(doc: PDFDocument, fonts: Fonts, sheet: Worksheet, copy: WorksheetCopy): void {
  const page = doc.addPage([A4.width, A4.height]);
  const text = (value: string, y: number, size: number, font = fonts.regular) =>
    page.drawText(printable(value, font), { x: MARGIN, y, size, font });
  drawQr(
    page,
    signWorksheetPage({ homeworkId: copy.homeworkId, studentId: copy.studentId, page: 0 }),
    A4.width - MARGIN,
    A4.height - MARGIN,
  );
  text(sheet.centreName, A4.height - MARGIN - 12, 11);
  wrap(printable(sheet.title, fonts.bold), fonts.bold, 22, A4.width - 2 * MARGIN - 110, 3).forEach((line, index) => {
    text(line, A4.height - 190 - index * 28, 22, fonts.bold);
  });
  text(`Student: ${copy.studentName}`, A4.height - 300, 16);
  text(`Due: ${sheet.due}`, A4.height - 326, 13);
  text(
    `${sheet.pages} ${sheet.pages === 1 ? "page" : "pages"} follow. Write on them, then hand the whole set in.`,
    A4.height - 352,
    11,
  );
  text("Keep the square code in the corner of each page clear: it tells us whose page it is.", 80, 9);
}

function drawWritingPage(doc: PDFDocument, fonts: Fonts, sheet: Worksheet, copy: WorksheetCopy, number: number): void {
  const page = doc.addPage([A4.width, A4.height]);
  const top = A4.height - MARGIN;
  drawQr(
    page,
    signWorksheetPage({ homeworkId: copy.homeworkId, studentId: copy.studentId, page: number }),
    A4.width - MARGIN,
    top,
  );
  const header = (value: string, y: number, size: number, font = fonts.regular) =>
    page.drawText(wrap(printable(value, font), font, size, A4.width - 2 * MARGIN - 110, 1)[0] ?? "", {
      x: MARGIN,
      y,
      size,
      font,
    });
  header(sheet.title, top - 14, 13, fonts.bold);
  header(copy.studentName, top - 34, 11);
  header(`Page ${number} of ${sheet.pages}`, top - 52, 10);
  let linesTop = top - 120;
  if (number === 1 && sheet.prompt) {
    const promptLines = wrap(printable(sheet.prompt, fonts.regular), fonts.regular, 10, A4.width - 2 * MARGIN, 8);
    promptLines.forEach((line, index) => {
      page.drawText(line, { x: MARGIN, y: top - 120 - index * 14, size: 10, font: fonts.regular });
    });
    linesTop -= promptLines.length * 14 + 10;
  }
  for (let y = linesTop; y > MARGIN + 20; y -= 26) {
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, thickness: 0.5, color: GREY });
  }
  page.drawText(`${number} / ${sheet.pages}`, { x: A4.width / 2 - 10, y: MARGIN - 12, size: 9, font: fonts.regular });
}

/** The printable worksheet: for each student a cover and their pages, every page with its signed QR code. */
export async function buildWorksheetPdf(sheet: Worksheet): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  doc.setTitle(printable(sheet.title, fonts.regular));
  doc.setCreator("AetherLearn");
  for (const copy of sheet.copies) {
    drawCover(doc, fonts, sheet, copy);
    for (let number = 1; number <= sheet.pages; number += 1) drawWritingPage(doc, fonts, sheet, copy, number);
  }
  return new Uint8Array(await doc.save());
}
