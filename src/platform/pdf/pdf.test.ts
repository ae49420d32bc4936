import { describe, expect, test } from "bun:test";
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { NAMES_IN_SIX_SCRIPTS, pdfText } from "../../../tests/support/pdf-text";
import { config } from "../../config";
import { withLocalisation } from "../i18n";
import { fontkit } from "./fontkit";
import { PdfFontsError, PdfWriter } from "./index";

async function namesPdf(locale: "en-GB" | "ar"): Promise<Uint8Array> {
  return withLocalisation({ locale }, async () => {
    const pdf = await PdfWriter.create({ title: "Names" });
    const page = pdf.addPage([595, 842]);
    NAMES_IN_SIX_SCRIPTS.forEach((name, index) => {
      pdf.draw(page, name, {
        x: 48,
        y: 780 - index * 40,
        size: 18,
        width: 500,
        weight: index % 2 ? "bold" : "regular",
      });
    });
    return pdf.save();
  });
}

/** The TrueType programs embedded in a PDF (FontFile2 streams), parsed. */
async function embeddedFonts(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const fonts = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || !object.has(PDFName.of("FontFile2"))) continue;
    const stream = doc.context.lookup(object.get(PDFName.of("FontFile2")));
    if (!(stream instanceof PDFRawStream)) continue;
    fonts.push(fontkit.create(decodePDFRawStream(stream).decode()));
  }
  return fonts;
}

describe("PDF text in any script", () => {
  test.each(["en-GB", "ar"] as const)(
    "names in six scripts extract back with pdftotext (%s layout)",
    async (locale) => {
      const text = await pdfText(await namesPdf(locale));
      const lines = text.split("\n").map((line) => line.trim());
      for (const name of NAMES_IN_SIX_SCRIPTS) expect(lines).toContain(name);
    },
  );

  test("only the fonts some text used are embedded, each as a subset whose every glyph has its outline", async () => {
    const fonts = await embeddedFonts(await namesPdf("en-GB"));
    // Latin/Cyrillic/Greek, Arabic, Devanagari and CJK, in the two weights the names alternate.
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    expect(fonts.length).toBeLessThanOrEqual(6);
    for (const font of fonts) {
      expect(font.numGlyphs).toBeLessThan(60);
      // Every glyph after .notdef but the space draws something: a `loca` off by a byte leaves them blank.
      const blank = [];
      for (let id = 1; id < font.numGlyphs; id += 1) {
        const { commands } = font.getGlyph(id).path as unknown as { commands: unknown[] };
        if (commands.length === 0) blank.push(id);
      }
      expect(blank.length).toBeLessThanOrEqual(1);
    }
  });

  test("text without spaces wraps between words, and a long text ends its last line with an ellipsis", async () => {
    const pdf = await PdfWriter.create({ title: "Wrap" });
    const chinese = "这是一个很长的中文句子没有空格需要换行才能放进去".repeat(2);
    const lines = pdf.wrap(chinese, { size: 12, width: 120, maxLines: 3 });
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(pdf.measure(line, { size: 12 })).toBeLessThanOrEqual(120);
    expect(lines.at(-1)?.endsWith("…")).toBe(true);
    expect(pdf.wrap("Short line", { size: 12, width: 300, maxLines: 2 })).toEqual(["Short line"]);
  });

  test("in a right-to-left language, start-aligned text sits at the right edge of its box", async () => {
    const leftEdge = (locale: "en-GB" | "ar") =>
      withLocalisation({ locale }, async () => {
        const pdf = await PdfWriter.create({ title: "Align" });
        const page = pdf.addPage([400, 200]);
        pdf.draw(page, "Zoë", { x: 20, y: 100, size: 12, width: 360 });
        const child = Bun.spawn(["pdftotext", "-bbox", "-", "-"], { stdin: await pdf.save(), stdout: "pipe" });
        const html = await new Response(child.stdout).text();
        return Number(/<word xMin="([\d.]+)"/.exec(html)?.[1]);
      });
    expect(await leftEdge("en-GB")).toBeCloseTo(20, 0);
    expect(await leftEdge("ar")).toBeGreaterThan(340);
  });

  test("missing fonts give a clear error naming the files and the packages to install", async () => {
    const saved = config.PDF_FONTS;
    config.PDF_FONTS = ["/nowhere/NoSuchFont.ttf", ...saved];
    try {
      const attempt = PdfWriter.create({ title: "No fonts" });
      expect(attempt).rejects.toThrow(PdfFontsError);
      expect(attempt).rejects.toThrow(/\/nowhere\/NoSuchFont\.ttf.*fonts-noto-core and fonts-droid-fallback/);
    } finally {
      config.PDF_FONTS = saved;
    }
  });
});
