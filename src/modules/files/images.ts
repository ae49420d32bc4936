import sharp from "sharp";
import type { FileVariant } from "../../platform/db/schema";
import { AppError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { MAX_IMAGE_PIXELS } from "./kinds";
import { MemoryBudget } from "./memory-budget";

export interface DerivedImage {
  variant: Exclude<FileVariant, "original">;
  bytes: Uint8Array;
  width: number;
  height: number;
}

const MiB = 1024 * 1024;

/** What one decoded pixel may take while a photo is turned upright and resized (8-bit RGBA). */
export const DECODED_BYTES_PER_PIXEL = 4;

/**
 * Memory one worker process lets image decoding use at once. Jobs reserve pixels × 4 bytes from
 * it first, so four 25-megapixel photos queue behind each other instead of decoding together.
 */
export const IMAGE_MEMORY_BUDGET_BYTES = 256 * MiB;

const imageMemory = new MemoryBudget(IMAGE_MEMORY_BUDGET_BYTES);

/** The image's size in pixels from its header alone (nothing is decoded); null when unreadable. */
export async function imagePixels(bytes: Uint8Array): Promise<number | null> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
    return width && height ? width * height : null;
  } catch {
    return null;
  }
}

export class ImageTooLargeError extends AppError {
  constructor(pixels: number) {
    const megapixels = (value: number) => Math.round(value / 100_000) / 10;
    super(422, t("files.error.tooManyPixels", { megapixels: megapixels(pixels), max: megapixels(MAX_IMAGE_PIXELS) }));
  }
}

/** Refuses, from the header alone, an image with more pixels than MAX_IMAGE_PIXELS. */
export async function refuseOversizedImage(bytes: Uint8Array): Promise<void> {
  const pixels = await imagePixels(bytes);
  if (pixels !== null && pixels > MAX_IMAGE_PIXELS) throw new ImageTooLargeError(pixels);
}

const VARIANTS = [
  { variant: "thumbnail", size: 320, quality: 75 },
  { variant: "webp", size: 1600, quality: 82 },
] as const;

/**
 * A 320px thumbnail and a full-size WebP, both upright (EXIF orientation applied) and stripped of
 * metadata. The header is checked first and the decoding waits for its share of the memory budget;
 * the variants are made one after the other, so one photo is decoded once at a time.
 */
export async function deriveImages(bytes: Uint8Array): Promise<DerivedImage[]> {
  const pixels = await imagePixels(bytes);
  if (pixels === null) throw new Error("the image header cannot be read");
  if (pixels > MAX_IMAGE_PIXELS) throw new ImageTooLargeError(pixels);
  return imageMemory.run(pixels * DECODED_BYTES_PER_PIXEL, async () => {
    const images: DerivedImage[] = [];
    for (const { variant, size, quality } of VARIANTS) {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
        .rotate()
        .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
        .webp({ quality })
        .toBuffer({ resolveWithObject: true });
      images.push({ variant, bytes: new Uint8Array(data), width: info.width, height: info.height });
    }
    return images;
  });
}
