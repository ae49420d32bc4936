import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import sharp from "sharp";

/**
 * Turning a scanned batch into page images and reading their QR codes. poppler's pdftoppm
 * renders (Debian's poppler-utils, installed by scripts/lib/common.sh); sharp gives jsQR the
 * raw pixels it reads.
 */

/** 150 dpi keeps handwriting legible and an A4 page under 2 megapixels (1241 × 1754). */
export const SCAN_DPI = 150;
/**
 * Every page is rendered with this long side whatever its paper size (A4 at 150 dpi), so an A0
 * page or a huge photo cannot exhaust the worker's memory.
 */
const PAGE_LONG_SIDE = 1754;
const MAX_PAGE_PIXELS = PAGE_LONG_SIDE * PAGE_LONG_SIDE;
const RENDER_TIMEOUT_MS = 60_000;

export interface ScanWorkspace {
  pdfPath: string;
  pageCount: number;
  close(): Promise<void>;
}

async function run(command: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(command, { stdout: "pipe", stderr: "pipe", timeout: RENDER_TIMEOUT_MS });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, stdout, stderr };
}

export class UnreadablePdfError extends Error {}

/** Writes the batch to a private temporary folder and counts its pages. */
export async function openScanWorkspace(pdf: Uint8Array): Promise<ScanWorkspace> {
  const folder = await mkdtemp(join(tmpdir(), "aetherlearn-scan-"));
  const close = () => rm(folder, { recursive: true, force: true });
  try {
    const pdfPath = join(folder, "batch.pdf");
    await Bun.write(pdfPath, pdf);
    const info = await run(["pdfinfo", pdfPath]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? Number.NaN);
    if (info.code !== 0 || !Number.isInteger(pages) || pages < 1) {
      throw new UnreadablePdfError(`pdfinfo could not read the batch: ${info.stderr.trim().slice(0, 200)}`);
    }
    return { pdfPath, pageCount: pages, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Pages rendered per pdftoppm run: one run per page would parse the whole PDF again each time. */
export const RENDER_CHUNK = 8;

/**
 * Greyscale PNGs of pages `first`..`last` (1-based), in page order. pdftoppm names
 * its files prefix-<zero-padded page>.png; the page number is read back from the name.
 */
export async function renderPages(
  workspace: ScanWorkspace,
  first: number,
  last: number,
): Promise<Map<number, Uint8Array>> {
  const folder = join(workspace.pdfPath, "..");
  const prefix = join(folder, `pages-${first}`);
  const range = ["-f", String(first), "-l", String(last)];
  const size = ["-scale-to", String(PAGE_LONG_SIDE)];
  const result = await run(["pdftoppm", ...size, "-gray", "-png", ...range, workspace.pdfPath, prefix]);
  if (result.code !== 0)
    throw new UnreadablePdfError(`pdftoppm failed on pages ${first}-${last}: ${result.stderr.trim().slice(0, 200)}`);
  const pages = new Map<number, Uint8Array>();
  for (const name of await readdir(folder)) {
    const match = new RegExp(`^pages-${first}-0*(\\d+)\\.png$`).exec(name);
    if (!match) continue;
    const file = Bun.file(join(folder, name));
    pages.set(Number(match[1]), await file.bytes());
    await file.delete();
  }
  return pages;
}

/** Where to look first: our codes are printed top right, or bottom left when the sheet went in upside down. */
const REGIONS = [
  { left: 0.5, top: 0, width: 0.5, height: 0.3 },
  { left: 0, top: 0.7, width: 0.5, height: 0.3 },
  { left: 0, top: 0, width: 1, height: 1 },
] as const;

/** The text of the page's QR code, or null when none can be read. */
export async function readQrCode(image: Uint8Array): Promise<string | null> {
  const { width = 0, height = 0 } = await sharp(image, { limitInputPixels: MAX_PAGE_PIXELS }).metadata();
  for (const region of REGIONS) {
    const area = {
      left: Math.floor(width * region.left),
      top: Math.floor(height * region.top),
      width: Math.max(1, Math.floor(width * region.width)),
      height: Math.max(1, Math.floor(height * region.height)),
    };
    // Only the region is decoded to RGBA (what jsQR reads), not the whole page each time.
    const { data, info } = await sharp(image, { limitInputPixels: MAX_PAGE_PIXELS })
      .extract(area)
      .toColourspace("srgb")
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
    const code = jsQR(pixels, info.width, info.height, { inversionAttempts: "dontInvert" });
    if (code?.data) return code.data;
  }
  return null;
}

/** The page as kept for marking: a JPEG, small enough to open on a phone, sharp enough to read handwriting. */
export async function pageForMarking(image: Uint8Array): Promise<Uint8Array> {
  const jpeg = await sharp(image, { limitInputPixels: MAX_PAGE_PIXELS }).rotate().jpeg({ quality: 80 }).toBuffer();
  return new Uint8Array(jpeg);
}

/** Stands in for a page pdftoppm could not draw, so it still reaches the review queue. */
export async function blankPage(): Promise<Uint8Array> {
  const image = sharp({ create: { width: 1241, height: 1754, channels: 3, background: "#ffffff" } });
  return new Uint8Array(await image.jpeg({ quality: 60 }).toBuffer());
}
