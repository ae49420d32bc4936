import { config } from "../../config";
import { type Font, fontkit } from "./fontkit";

export type Weight = "regular" | "bold";

/** The server cannot print names: its fonts are not installed or not usable. A set-up problem, not the user's. */
export class PdfFontsError extends Error {
  override name = "PdfFontsError";
}

const HOW_TO_FIX =
  "Install Debian's fonts-noto-core and fonts-droid-fallback (./scripts/dev.sh and ./scripts/install-server.sh do), " +
  "or set PDF_FONTS and PDF_FONTS_BOLD to TrueType files that exist.";

/** Font files read once per process: the CJK fallback alone is 4 MB. */
const files = new Map<string, Promise<Uint8Array>>();

async function readTrueType(path: string): Promise<Uint8Array> {
  const bytes = await Bun.file(path).bytes();
  let font: Font;
  try {
    font = fontkit.create(bytes);
  } catch (error) {
    throw new PdfFontsError(`The PDF font ${path} could not be read (${String(error)}). ${HOW_TO_FIX}`);
  }
  // pdf-lib subsets TrueType outlines reliably, CFF ones (most .otf and the Noto CJK .ttc) not.
  const tables = (font as unknown as { directory?: { tables?: Record<string, unknown> } }).directory?.tables ?? {};
  if (!("glyf" in tables)) {
    throw new PdfFontsError(`The PDF font ${path} has no TrueType outlines (glyf table). ${HOW_TO_FIX}`);
  }
  return bytes;
}

function fontFile(path: string): Promise<Uint8Array> {
  let pending = files.get(path);
  if (!pending) {
    pending = readTrueType(path);
    files.set(path, pending);
    // A failed read is tried again next time: the fonts may have been installed meanwhile.
    pending.catch(() => files.delete(path));
  }
  return pending;
}

export interface FontFile {
  path: string;
  bytes: Uint8Array;
}

/** The configured fonts of both weights, in fallback order; one clear error naming every missing file. */
export async function configuredFonts(): Promise<Record<Weight, FontFile[]>> {
  const chains = { regular: config.PDF_FONTS, bold: config.PDF_FONTS_BOLD };
  const paths = [...new Set([...chains.regular, ...chains.bold])];
  const exists = await Promise.all(paths.map((path) => Bun.file(path).exists()));
  const missing = paths.filter((_, index) => !exists[index]);
  if (missing.length > 0) {
    throw new PdfFontsError(`PDF fonts are missing: ${missing.join(", ")}. ${HOW_TO_FIX}`);
  }
  const bytes = new Map(await Promise.all(paths.map(async (path) => [path, await fontFile(path)] as const)));
  const load = (list: string[]) => list.map((path) => ({ path, bytes: bytes.get(path) as Uint8Array }));
  return { regular: load(chains.regular), bold: load(chains.bold) };
}
