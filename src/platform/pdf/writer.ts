import {
  beginText,
  type Color,
  endText,
  PDFArray,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  rgb,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  setTextRise,
} from "pdf-lib";
import { currentLocale, directionOf } from "../i18n";
import { visualRuns } from "./bidi";
import { fontkit, type Glyph, type GlyphPosition, type GlyphRun } from "./fontkit";
import { configuredFonts, type Weight } from "./fonts";

/** fontkit's layout takes script, language and direction too (its typings stop at features). */
interface Shaper {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(
    text: string,
    features?: undefined,
    script?: undefined,
    language?: undefined,
    direction?: "ltr" | "rtl",
  ): GlyphRun;
}

/**
 * What pdf-lib's subset embedder keeps (its encodeText does the same per glyph). The layer places
 * glyphs itself, with the shaper's offsets, so it adds each shaped glyph to the subset directly.
 */
interface SubsetEmbedder {
  font: Shaper;
  subset: TrueTypeSubset;
  glyphs: Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}

/** fontkit's TrueType subset while it encodes: the glyph data so far and the running offset. */
interface TrueTypeSubset {
  includeGlyph(glyph: Glyph): number;
  _addGlyph?: (glyphId: number) => number;
  glyf: Uint8Array[];
  offset: number;
}

/**
 * fontkit writes a small subset's `loca` in the short format (offsets halved) without padding each
 * glyph to an even length, so after the first odd-length glyph (common in DroidSansFallback's CJK
 * glyphs) every glyph points half a byte off and prints blank. Pad each glyph to an even length.
 */
function padGlyphsToEvenLength(subset: TrueTypeSubset): void {
  const addGlyph = subset._addGlyph?.bind(subset);
  if (!addGlyph) return;
  subset._addGlyph = (glyphId) => {
    const index = addGlyph(glyphId);
    const data = subset.glyf[index];
    if (data && data.length % 2 === 1) {
      // fontkit's bundled Buffer (not Bun's): its encoder accepts only its own.
      const FontkitBuffer = data.constructor as unknown as {
        alloc(size: number): Uint8Array;
        concat(list: Uint8Array[]): Uint8Array;
      };
      subset.glyf[index] = FontkitBuffer.concat([data, FontkitBuffer.alloc(1)]);
      subset.offset += 1;
    }
    return index;
  };
}

interface Face {
  path: string;
  font: PDFFont;
  shaper: Shaper;
  embedder: SubsetEmbedder;
  used: boolean;
}

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: Color;
}

export interface DrawOptions extends TextStyle {
  x: number;
  /** The baseline. */
  y: number;
  /** With a width, the text is aligned in the box [x, x + width]; "start" is the right edge in a right-to-left language. */
  width?: number;
  align?: "start" | "end" | "center";
}

interface ShapedRun {
  face: Face;
  /** What the run's glyphs say, in the order text extractors expect (see actualText). */
  actualText: string;
  run: GlyphRun;
  /** In points. */
  width: number;
}

type OperatorArg = NonNullable<Parameters<typeof PDFOperator.of>[1]>[number];

const BLACK = rgb(0, 0, 0);
/** Characters that take the font of the text around them when it has them (spaces, marks, digits, punctuation, joiners). */
const INHERITS = /[\p{M}\p{Z}\p{P}\p{N}\p{S}\p{Cf}\p{Cc}]/u;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Breaking spaces, tabs and line breaks drawn as one space: every drawn string is one line.
 * No-break spaces stay (Spanish "67 %", French "« a »"): they are part of what the text says.
 */
function oneLine(text: string): string {
  return text.replace(/[\t\n\v\f\r \u1680\u2000-\u200a\u2028\u2029\u205f\u3000]+/g, " ").trim();
}

/**
 * A PDF whose text prints in any script the configured fonts cover: each character is set in the
 * first font that has it, right-to-left runs are ordered by the Unicode bidi algorithm and shaped
 * (Arabic joining, Devanagari conjuncts) by fontkit, fonts are embedded as subsets of the glyphs
 * used, and every drawn string carries its logical text as /ActualText, so copying or `pdftotext`
 * gives back exactly what was drawn, whatever the glyph order on the page.
 *
 * Text is laid out in the language of the current localisation (see withLocalisation): its
 * direction decides the base direction of every line and which side "start" is.
 */
export class PdfWriter {
  readonly direction: "ltr" | "rtl";
  private readonly fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
  private readonly shaped = new Map<string, ShapedRun[]>();

  private constructor(
    readonly doc: PDFDocument,
    private readonly faces: Record<Weight, Face[]>,
  ) {
    this.direction = directionOf(currentLocale());
  }

  static async create(metadata: { title: string; author?: string }): Promise<PdfWriter> {
    const fonts = await configuredFonts();
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    doc.setTitle(oneLine(metadata.title));
    if (metadata.author) doc.setAuthor(oneLine(metadata.author));
    doc.setCreator("AetherLearn");
    doc.setProducer("AetherLearn");
    doc.setLanguage(currentLocale());
    const byPath = new Map<string, Face>();
    const faceOf = async (path: string, bytes: Uint8Array): Promise<Face> => {
      const known = byPath.get(path);
      if (known) return known;
      const font = await doc.embedFont(bytes, { subset: true });
      const embedder = (font as unknown as { embedder: SubsetEmbedder }).embedder;
      padGlyphsToEvenLength(embedder.subset);
      const face = { path, font, shaper: embedder.font, embedder, used: false };
      byPath.set(path, face);
      return face;
    };
    const chain = async (files: { path: string; bytes: Uint8Array }[]) => {
      const faces: Face[] = [];
      for (const file of files) faces.push(await faceOf(file.path, file.bytes));
      return faces;
    };
    return new PdfWriter(doc, { regular: await chain(fonts.regular), bold: await chain(fonts.bold) });
  }

  addPage(size: [number, number]): PDFPage {
    return this.doc.addPage(size);
  }

  /** The width of the text in points, as `draw` would set it. */
  measure(text: string, style: TextStyle): number {
    return this.shape(oneLine(text), style).reduce((sum, run) => sum + run.width, 0);
  }

  /**
   * Breaks text into lines that fit the width, at word boundaries of its language (scripts without
   * spaces, such as Chinese, break between words too), a word too long for a line between letters.
   * At most `maxLines`: the last line of a longer text ends with "…".
   */
  wrap(text: string, style: TextStyle & { width: number; maxLines: number }): string[] {
    // A line's width is the sum of its words' (each shaped once): no shaping joins across a space.
    const widthOf = (words: string[]) => words.reduce((sum, word) => sum + this.measure(word, style), 0);
    const graphemes = (word: string) =>
      [...new Intl.Segmenter(currentLocale(), { granularity: "grapheme" }).segment(word)].map((part) => part.segment);
    const words = [...new Intl.Segmenter(currentLocale(), { granularity: "word" }).segment(oneLine(text))].map(
      (part) => part.segment,
    );
    const lines: string[][] = [];
    let line: string[] = [];
    let width = 0;
    for (const word of words) {
      const wordWidth = this.measure(word, style);
      if (width + wordWidth <= style.width || (line.length === 0 && word === " ")) {
        line.push(word);
        width += wordWidth;
        continue;
      }
      if (line.join("").trim()) lines.push(line);
      line = word.trim() ? [word] : [];
      width = widthOf(line);
      // A word wider than the line is broken between letters (grapheme clusters).
      while (width > style.width && line.length === 1) {
        const letters = graphemes(line[0] as string);
        let cut = letters.length - 1;
        while (cut > 1 && widthOf([letters.slice(0, cut).join("")]) > style.width) cut -= 1;
        lines.push([letters.slice(0, cut).join("")]);
        line = [letters.slice(cut).join("")];
        width = widthOf(line);
      }
    }
    if (line.join("").trim()) lines.push(line);
    const texts = lines.map((words) => words.join("").trim());
    if (texts.length <= style.maxLines) return texts;
    const kept = texts.slice(0, style.maxLines);
    let last = `${kept.at(-1) ?? ""}…`;
    while (this.measure(last, style) > style.width && last.length > 1) {
      last = `${graphemes(last.slice(0, -1)).slice(0, -1).join("")}…`;
    }
    kept[kept.length - 1] = last;
    return kept;
  }

  /**
   * Draws one line of text (whitespace collapses to single spaces): each run of one font and
   * direction is a marked-content span whose /ActualText holds the characters its glyphs stand for.
   */
  draw(page: PDFPage, text: string, options: DrawOptions): void {
    const line = oneLine(text);
    if (!line) return;
    const runs = this.shape(line, options);
    const width = runs.reduce((sum, run) => sum + run.width, 0);
    let x = options.x;
    if (options.width !== undefined) {
      const align = options.align ?? "start";
      const free = options.width - width;
      const toRight = align === "center" ? free / 2 : (align === "end") === (this.direction === "ltr") ? free : 0;
      x += toRight;
    }
    const operators: PDFOperator[] = [beginText(), setFillingColor(options.color ?? BLACK)];
    for (const run of runs) {
      operators.push(
        PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
          PDFName.of("Span"),
          // An inline property list: PDFOperator writes any PDF object, though its type lists no dictionaries.
          this.doc.context.obj({ ActualText: PDFHexString.fromText(run.actualText) }) as unknown as OperatorArg,
        ]),
        setFontAndSize(this.fontKey(page, run.face), options.size),
        setTextMatrix(1, 0, 0, 1, round(x), round(options.y)),
        ...this.glyphOperators(run, options.size),
        PDFOperator.of(PDFOperatorNames.EndMarkedContent),
      );
      x += run.width;
    }
    operators.push(endText());
    page.pushOperators(...operators);
  }

  /** Saves the PDF, embedding only the fonts some text used. */
  async save(): Promise<Uint8Array<ArrayBuffer>> {
    const used = new Set(
      [...this.faces.regular, ...this.faces.bold].filter((face) => face.used).map((face) => face.font),
    );
    // pdf-lib embeds every font it was given; a font no text used would still cost its subset.
    const internals = this.doc as unknown as { fonts: PDFFont[] };
    internals.fonts = internals.fonts.filter((font) => used.has(font));
    return new Uint8Array(await this.doc.save());
  }

  /** The line's runs in visual order, each in one font and one direction, shaped. */
  private shape(line: string, style: TextStyle): ShapedRun[] {
    const weight = style.weight ?? "regular";
    const key = `${weight}\u0000${line}`;
    let shaped = this.shaped.get(key);
    if (!shaped) {
      shaped = this.shapeAtUnitSize(line, weight);
      this.shaped.set(key, shaped);
    }
    return shaped.map((run) => ({ ...run, width: run.width * style.size }));
  }

  /** Shaping is the costly part (names repeat on every page, wrapping measures words): done once per text. */
  private shapeAtUnitSize(line: string, weight: Weight): ShapedRun[] {
    const chain = this.faces[weight];
    const first = chain[0] as Face;
    const faceFor = (codePoint: number, previous: Face | undefined): Face => {
      if (previous && INHERITS.test(String.fromCodePoint(codePoint)) && previous.shaper.hasGlyphForCodePoint(codePoint))
        return previous;
      // A character no font has prints as the first font's missing-glyph box; /ActualText still has it.
      return chain.find((face) => face.shaper.hasGlyphForCodePoint(codePoint)) ?? previous ?? first;
    };
    return visualRuns(line, this.direction, faceFor).map(({ text, logical, level, tag: face }) => {
      const rightToLeft = level % 2 === 1;
      const run = face.shaper.layout(text, undefined, undefined, undefined, rightToLeft ? "rtl" : "ltr");
      const advance = run.positions.reduce((sum, position) => sum + position.xAdvance, 0);
      // Extractors (poppler's pdftotext among them) spread a span's /ActualText over its glyphs
      // left to right and then apply bidi reordering themselves, as for text drawn without it:
      // so a right-to-left run's text goes in visual order, and comes back out logical.
      const actualText = rightToLeft ? [...logical].reverse().join("") : logical;
      return { face, run, actualText, width: advance / face.shaper.unitsPerEm };
    });
  }

  private fontKey(page: PDFPage, face: Face): PDFName {
    face.used = true;
    let keys = this.fontKeys.get(page);
    if (!keys) {
      keys = new Map();
      this.fontKeys.set(page, keys);
    }
    let key = keys.get(face.font);
    if (!key) {
      key = page.node.newFontDictionary(face.font.name, face.font.ref);
      keys.set(face.font, key);
    }
    return key;
  }

  /**
   * One TJ per stretch of glyphs on one baseline: the shaper's offsets and advances become TJ
   * adjustments (in thousandths of the size, against the font's own widths) and text rise.
   */
  private glyphOperators({ face, run }: ShapedRun, size: number): PDFOperator[] {
    const operators: PDFOperator[] = [];
    const perUnit = 1000 / face.shaper.unitsPerEm;
    let items: (string | number)[] = [];
    let codes = "";
    let rise = 0;
    const flushCodes = () => {
      if (codes) items.push(codes);
      codes = "";
    };
    const flush = () => {
      flushCodes();
      if (items.length === 0) return;
      const array = PDFArray.withContext(this.doc.context);
      for (const item of items)
        array.push(typeof item === "string" ? PDFHexString.of(item) : PDFNumber.of(round(item)));
      operators.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]));
      items = [];
    };
    const shift = (units: number) => {
      if (Math.abs(units) < 0.5) return;
      flushCodes();
      // TJ numbers move the pen left, in thousandths of the text size.
      items.push(-units * perUnit);
    };
    run.glyphs.forEach((glyph, index) => {
      const position = run.positions[index] as GlyphPosition;
      if (position.yOffset !== rise) {
        flush();
        rise = position.yOffset;
        operators.push(setTextRise(round((rise * size) / face.shaper.unitsPerEm)));
      }
      shift(position.xOffset);
      codes += this.glyphCode(face, glyph);
      shift(position.xAdvance - position.xOffset - glyph.advanceWidth);
    });
    flush();
    if (rise !== 0) operators.push(setTextRise(0));
    return operators;
  }

  private glyphCode(face: Face, glyph: Glyph): string {
    const { embedder } = face;
    const id = embedder.subset.includeGlyph(glyph);
    embedder.glyphs[id - 1] = glyph;
    embedder.glyphIdMap.set(glyph.id, id);
    embedder.glyphCache.invalidate();
    return id.toString(16).padStart(4, "0");
  }
}
