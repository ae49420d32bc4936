import sharp from "sharp";
import type { FileVariant } from "../../platform/db/schema";

export interface DerivedImage {
  variant: Exclude<FileVariant, "original">;
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Larger photos are refused rather than decoded: a 100-megapixel bomb would exhaust the worker. */
const MAX_INPUT_PIXELS = 50_000_000;

const VARIANTS = [
  { variant: "thumbnail", size: 320, quality: 75 },
  { variant: "webp", size: 1600, quality: 82 },
] as const;

/** A 320px thumbnail and a full-size WebP, both upright (EXIF orientation applied) and stripped of metadata. */
export async function deriveImages(bytes: Uint8Array): Promise<DerivedImage[]> {
  return Promise.all(
    VARIANTS.map(async ({ variant, size, quality }) => {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
        .webp({ quality })
        .toBuffer({ resolveWithObject: true });
      return { variant, bytes: new Uint8Array(data), width: info.width, height: info.height };
    }),
  );
}
