import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { PayloadTooLargeError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { SNIFF_BYTES, sniffContentType } from "../../platform/storage/sniff";
import {
  KIND_RULES,
  MAX_IMAGE_PIXELS,
  refuseOversizedImage,
  tooLargeMessage,
  UnsupportedFileTypeError,
} from "../files";
import { SCAN_DPI } from "./scan-pages";

export interface BatchFile {
  bytes: Uint8Array;
  name: string;
}

const RULE = KIND_RULES.scan_batch;
const MAX_IMAGES = 200;
/** Photos are scaled to at most this many pixels on their long side: plenty for a QR code and handwriting. */
const MAX_IMAGE_SIDE = 2000;

/**
 * What a batch is stored as: the copier's PDF as it came, or many photos and scans made into one
 * PDF (one page each, upright, sized so the worker renders them back at their own resolution),
 * so the worker has one path for both.
 */
export async function batchAsPdf(files: BatchFile[]): Promise<BatchFile> {
  if (files.length === 0) throw new ValidationError({ files: t("paper.validation.chooseBatch") });
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  if (total > RULE.maxBytes) throw new PayloadTooLargeError(tooLargeMessage(RULE));
  const types = files.map((file) => sniffContentType(file.bytes.subarray(0, SNIFF_BYTES)));
  if (types.some((type) => !type || !RULE.accepts.includes(type))) throw new UnsupportedFileTypeError(RULE);
  if (types.includes("application/pdf")) {
    if (files.length > 1) throw new ValidationError({ files: t("paper.validation.onePdf") });
    return files[0] as BatchFile;
  }
  if (files.length > MAX_IMAGES)
    throw new ValidationError({ files: t("paper.validation.tooManyPhotos", { max: MAX_IMAGES }) });
  return { bytes: await imagesToPdf(files), name: "photos.pdf" };
}

async function imagesToPdf(files: BatchFile[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const file of files) {
    await refuseOversizedImage(file.bytes);
    const jpeg = await sharp(file.bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true })
      .catch(() => {
        throw new UnsupportedFileTypeError(RULE);
      });
    const image = await doc.embedJpg(jpeg.data);
    const scale = 72 / SCAN_DPI;
    const width = jpeg.info.width * scale;
    const height = jpeg.info.height * scale;
    doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  return doc.save();
}
