import type { FileKind } from "../../platform/db/schema";
import { AppError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { BUCKETS, type Bucket } from "../../platform/storage";
import type { SniffedType } from "../../platform/storage/sniff";

export interface KindRule {
  bucket: Bucket;
  maxBytes: number;
  accepts: readonly SniffedType[];
  /** What a person is told when a file is not of a kind this accepts, in the current language. */
  refusal: () => string;
  /** Photos get a thumbnail and a WebP copy, made by the worker. */
  derivesImages: boolean;
}

const MiB = 1024 * 1024;

/**
 * The most pixels an uploaded image may have, read from its header before anything decodes it: a
 * small PNG can declare 49 megapixels and take hundreds of MB once decoded. 25 MP keeps every
 * phone's ordinary photo (12-24 MP).
 */
export const MAX_IMAGE_PIXELS = 25_000_000;
const IMAGES = ["image/jpeg", "image/png", "image/webp"] as const;

export const KIND_RULES: Record<FileKind, KindRule> = {
  avatar: {
    bucket: BUCKETS.avatars,
    maxBytes: 5 * MiB,
    accepts: IMAGES,
    refusal: lazy("files.refused.avatar"),
    derivesImages: true,
  },
  submission: {
    bucket: BUCKETS.documents,
    maxBytes: 20 * MiB,
    accepts: [...IMAGES, "application/pdf"],
    refusal: lazy("files.refused.submission"),
    derivesImages: true,
  },
  // Lesson materials: one kind per medium, each with its own types and limit (ops/nginx matches the largest).
  material: {
    bucket: BUCKETS.content,
    maxBytes: 50 * MiB,
    accepts: [...IMAGES, "application/pdf"],
    refusal: lazy("files.refused.material"),
    derivesImages: false,
  },
  material_image: {
    bucket: BUCKETS.content,
    maxBytes: 20 * MiB,
    accepts: IMAGES,
    refusal: lazy("files.refused.material_image"),
    derivesImages: true,
  },
  material_audio: {
    bucket: BUCKETS.content,
    maxBytes: 100 * MiB,
    accepts: ["audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav"],
    refusal: lazy("files.refused.material_audio"),
    derivesImages: false,
  },
  material_video: {
    bucket: BUCKETS.content,
    maxBytes: 250 * MiB,
    accepts: ["video/mp4", "video/webm"],
    refusal: lazy("files.refused.material_video"),
    derivesImages: false,
  },
  scan_batch: {
    bucket: BUCKETS.documents,
    maxBytes: 100 * MiB,
    accepts: ["application/pdf", "image/jpeg", "image/png"],
    refusal: lazy("files.refused.scan_batch"),
    derivesImages: false,
  },
  // A centre's logo: shown small (its thumbnail) in headers and on the sign-in page.
  centre_logo: {
    bucket: BUCKETS.avatars,
    maxBytes: 2 * MiB,
    accepts: IMAGES,
    refusal: lazy("files.refused.centre_logo"),
    derivesImages: true,
  },
  export: {
    bucket: BUCKETS.exports,
    maxBytes: 50 * MiB,
    accepts: ["application/pdf", "application/zip", "text/plain"],
    refusal: lazy("files.refused.export"),
    derivesImages: false,
  },
};

export function isImage(contentType: string | null): boolean {
  return (IMAGES as readonly string[]).includes(contentType ?? "");
}

export class UnsupportedFileTypeError extends AppError {
  constructor(rule: KindRule) {
    super(415, rule.refusal());
  }
}

export function tooLargeMessage(rule: KindRule): string {
  return t("files.error.tooLarge", { megabytes: Math.round(rule.maxBytes / MiB) });
}
