import { describe, expect, test } from "bun:test";
import { PDFDocument } from "pdf-lib";
import { NAMES_IN_SIX_SCRIPTS, pdfText } from "../../../tests/support/pdf-text";
import { buildWorksheetPdf, type Worksheet } from "./worksheet-pdf";

const HOMEWORK_ID = "0b6f5a7e-3c1d-4f8e-9a2b-5c6d7e8f9a0b";

function sheet(overrides: Partial<Worksheet> = {}): Worksheet {
  return {
    title: "Fractions: adding and subtracting",
    dueAt: new Date("2026-03-05T16:30:00Z"),
    centreName: "Northside Learning",
    pages: 2,
    prompt: "Show your working. Simplify every answer.",
    copies: NAMES_IN_SIX_SCRIPTS.map((studentName) => ({
      homeworkId: HOMEWORK_ID,
      studentId: crypto.randomUUID(),
      studentName,
    })),
    ...overrides,
  };
}

describe("worksheet PDF in any script and language", () => {
  test("students' names in six scripts print and extract back with pdftotext, and the PDF stays small", async () => {
    const pdf = await buildWorksheetPdf(sheet(), { locale: "en-GB", timeZone: "Europe/London" });
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(6 * 3);
    const lines = (await pdfText(pdf)).split("\n").map((line) => line.trim());
    for (const name of NAMES_IN_SIX_SCRIPTS) {
      // On the cover and on each of the two pages.
      expect(lines.filter((line) => line === name)).toHaveLength(3);
    }
    expect(lines).toContain("Student");
    expect(lines).toContain("Due: Thu 5 Mar, 16:30");
    expect(lines).toContain("Page 2 of 2");
    // Subset fonts: all six scripts in 18 pages are far below the 4 MB of the CJK font alone.
    expect(pdf.length).toBeLessThan(300 * 1024);
  }, 60_000);

  test("a worksheet of a Spanish centre is printed in Spanish, with its dates in Spanish", async () => {
    const pdf = await buildWorksheetPdf(sheet({ pages: 1 }), { locale: "es", timeZone: "Europe/Madrid" });
    const text = await pdfText(pdf);
    expect(text).toContain("Alumno");
    expect(text).toContain("Página 1 de 1");
    expect(text).toContain("Sigue 1 página. Escribe en ella y entrega el juego completo.");
    const due = new Intl.DateTimeFormat("es", {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/Madrid",
    }).format(new Date("2026-03-05T16:30:00Z"));
    expect(text).toContain(`Entrega: ${due}`);
    expect(text).not.toContain("Student");
  }, 60_000);

  test("an Arabic centre's worksheet keeps every name whole", async () => {
    const pdf = await buildWorksheetPdf(sheet({ pages: 1 }), { locale: "ar", timeZone: "Asia/Dubai" });
    const lines = (await pdfText(pdf)).split("\n").map((line) => line.trim());
    for (const name of NAMES_IN_SIX_SCRIPTS) expect(lines).toContain(name);
    expect(lines).toContain("الطالب");
  }, 60_000);
});
