import { UnrecoverableError } from "bullmq";
import { db } from "../../platform/db";
import type { FileKind, FileRow, FileVariant } from "../../platform/db/schema";
import { BadRequestError, ConflictError, NotFoundError, PayloadTooLargeError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { log } from "../../platform/log";
import {
  type Bucket,
  centreObjectKey,
  centrePrefix,
  type ListedObject,
  StreamTooLargeError,
  storage,
} from "../../platform/storage";
import { SNIFF_BYTES, sniffContentType } from "../../platform/storage/sniff";
import { type CentreId, deleteFromTenant, updateTenant } from "../../platform/tenancy";
import { deriveImages, refuseOversizedImage } from "./images";
import { inspectObject } from "./inspect";
import { enqueueDerivatives } from "./jobs";
import { isImage, KIND_RULES, type KindRule, tooLargeMessage, UnsupportedFileTypeError } from "./kinds";
import {
  allCentreIds,
  derivedFilesOf,
  fileInCentre,
  knownObjectKeys,
  pendingUploadOf,
  stalePendingUploads,
  variantOf,
} from "./queries";

export interface UploadInput {
  centreId: CentreId;
  ownerId: string;
  kind: FileKind;
  bytes: Uint8Array;
  originalName: string;
}

export interface DirectUploadInput {
  centreId: CentreId;
  ownerId: string;
  kind: FileKind;
  originalName: string;
}

export interface DirectUpload {
  file: FileRow;
  /** A plain HTTP PUT of the file's bytes to this URL uploads it; then call confirmDirectUpload. */
  uploadUrl: string;
  maxBytes: number;
  expiresAt: Date;
}

const DIRECT_UPLOAD_EXPIRY_SECONDS = 60 * 60;

/** The columns every new (original, not derived) file row starts with. */
function newFileRow(input: DirectUploadInput, id: string, objectKey: string) {
  return {
    id,
    centre_id: input.centreId,
    owner_id: input.ownerId,
    bucket: KIND_RULES[input.kind].bucket,
    object_key: objectKey,
    kind: input.kind,
    derived_from: null,
    original_name: cleanOriginalName(input.originalName),
  };
}

/** The file's own name without any folder, trimmed to what the files table accepts. */
export function cleanOriginalName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const printable = [...base].filter((char) => char >= " " && char !== "\u007f").join("");
  const clean = printable.trim().slice(0, 255);
  return clean || "upload";
}

function acceptedType(rule: KindRule, head: Uint8Array): string {
  const type = sniffContentType(head);
  if (!type || !rule.accepts.includes(type)) throw new UnsupportedFileTypeError(rule);
  return type;
}

/** Enough of an image to find its dimensions: a JPEG's frame header follows its EXIF block. */
export const IMAGE_HEADER_BYTES = 256 * 1024;

function checkSize(rule: KindRule, size: number): void {
  if (size === 0) throw new BadRequestError(t("files.error.empty"));
  if (size > rule.maxBytes) throw new PayloadTooLargeError(tooLargeMessage(rule));
}

/** An upload through the app: checked in memory before anything is stored. */
export async function uploadFile(input: UploadInput): Promise<FileRow> {
  const rule = KIND_RULES[input.kind];
  checkSize(rule, input.bytes.byteLength);
  const contentType = acceptedType(rule, input.bytes.subarray(0, SNIFF_BYTES));
  if (isImage(contentType)) await refuseOversizedImage(input.bytes);
  const id = crypto.randomUUID();
  const key = centreObjectKey(input.centreId, input.kind, id);
  await storage.put(rule.bucket, key, input.bytes, contentType);
  try {
    const row = await db
      .insertInto("files")
      .values({
        ...newFileRow(input, id, key),
        content_type: contentType,
        size_bytes: input.bytes.byteLength,
        checksum_sha256: new Bun.CryptoHasher("sha256").update(input.bytes).digest("hex"),
        status: "stored",
        stored_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await afterStored(row);
    return row;
  } catch (error) {
    await storage.remove(rule.bucket, key);
    throw error;
  }
}

export interface GeneratedFileInput {
  centreId: CentreId;
  ownerId: string;
  kind: FileKind;
  /** The object's id too: a retried job that makes the file again overwrites its own object and row. */
  id: string;
  originalName: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/** Passes the stream through unchanged, hashing it on the way. */
function hashing(body: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; digest: () => string } {
  const hasher = new Bun.CryptoHasher("sha256");
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hasher.update(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  return { stream, digest: () => hasher.digest("hex") };
}

/**
 * A file the app makes (a CSV export): streamed into storage without holding it in memory, then
 * recorded. Larger than the kind allows: a RangeError, and nothing is stored.
 */
export async function storeGeneratedFile(input: GeneratedFileInput): Promise<FileRow> {
  const rule = KIND_RULES[input.kind];
  const key = centreObjectKey(input.centreId, input.kind, input.id);
  const { stream, digest } = hashing(input.body);
  const size = await storage.putStream(rule.bucket, key, stream, rule.maxBytes, input.contentType);
  const stored = {
    content_type: input.contentType,
    size_bytes: size,
    checksum_sha256: digest(),
    status: "stored" as const,
    stored_at: new Date(),
  };
  return db
    .insertInto("files")
    .values({ ...newFileRow(input, input.id, key), ...stored })
    .onConflict((conflict) => conflict.columns(["bucket", "object_key"]).doUpdateSet(stored))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A pending row and the key its bytes go to until they are checked (see confirmDirectUpload). */
async function reserveUpload(input: DirectUploadInput): Promise<{ file: FileRow; uploadKey: string }> {
  const id = crypto.randomUUID();
  // Uploads land beside the final key and are moved once checked.
  const uploadKey = centreObjectKey(input.centreId, "uploads", id);
  const file = await db
    .insertInto("files")
    .values(newFileRow(input, id, uploadKey))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { file, uploadKey };
}

/** Reserves a row and a key, and signs a PUT URL the browser uploads to directly. */
export async function startDirectUpload(input: DirectUploadInput): Promise<DirectUpload> {
  const rule = KIND_RULES[input.kind];
  const { file, uploadKey } = await reserveUpload(input);
  const signedAt = new Date();
  const uploadUrl = await storage.presignedPutUrl(rule.bucket, uploadKey, {
    centreId: input.centreId,
    expiresInSeconds: DIRECT_UPLOAD_EXPIRY_SECONDS,
    signedAt,
  });
  const expiresAt = new Date(signedAt.getTime() + DIRECT_UPLOAD_EXPIRY_SECONDS * 1000);
  return { file, uploadUrl, maxBytes: rule.maxBytes, expiresAt };
}

/**
 * An upload streamed through the app (a plain form post, without JavaScript): the body goes to
 * storage as it arrives, never whole in memory, then is checked as a direct upload is. Past the
 * kind's limit it is cut off with a 413, and nothing is kept.
 */
export async function uploadFileStream(
  input: DirectUploadInput & { body: ReadableStream<Uint8Array> },
): Promise<FileRow> {
  const rule = KIND_RULES[input.kind];
  const { file, uploadKey } = await reserveUpload(input);
  try {
    await storage.putStream(rule.bucket, uploadKey, input.body, rule.maxBytes);
  } catch (error) {
    await storage.remove(rule.bucket, uploadKey);
    await deleteFromTenant(db, "files", input.centreId).where("id", "=", file.id).execute();
    if (error instanceof StreamTooLargeError) throw new PayloadTooLargeError(tooLargeMessage(rule));
    throw error;
  }
  return confirmDirectUpload({ centreId: input.centreId, ownerId: input.ownerId, fileId: file.id });
}

/**
 * Checks a direct upload and records it. The object is first moved to its final key, out of reach
 * of the PUT URL (still valid for a while), so the bytes checked are the bytes kept. Anything that
 * fails a check is deleted, object and row, and refused with a 4xx.
 */
export async function confirmDirectUpload(input: {
  centreId: CentreId;
  ownerId: string;
  fileId: string;
}): Promise<FileRow> {
  const row = await pendingUploadOf(input.centreId, input.ownerId, input.fileId);
  if (!row) throw new NotFoundError(t("files.error.uploadNotFound"));
  const rule = KIND_RULES[row.kind];
  const uploadKey = row.object_key;
  const head = await storage.getHead(rule.bucket, uploadKey, SNIFF_BYTES);
  if (!head) throw new ConflictError(t("files.error.notArrived"));
  const finalKey = centreObjectKey(input.centreId, row.kind, row.id);
  let keyToDiscard = uploadKey;
  try {
    const contentType = acceptedType(rule, head);
    await storage.move(rule.bucket, uploadKey, finalKey, contentType);
    keyToDiscard = finalKey;
    const inspected = await inspectObject(rule.bucket, finalKey, rule.maxBytes);
    if (!inspected) throw new ConflictError(t("files.error.disappeared"));
    checkSize(rule, inspected.size);
    if (acceptedType(rule, inspected.head) !== contentType) throw new UnsupportedFileTypeError(rule);
    if (isImage(contentType)) {
      await refuseOversizedImage(
        (await storage.getHead(rule.bucket, finalKey, IMAGE_HEADER_BYTES)) ?? new Uint8Array(),
      );
    }
    const stored = await updateTenant(db, "files", input.centreId)
      .set({
        object_key: finalKey,
        status: "stored",
        content_type: contentType,
        size_bytes: inspected.size,
        checksum_sha256: inspected.checksum,
        stored_at: new Date(),
      })
      .where("id", "=", row.id)
      .where("status", "=", "pending")
      .returningAll()
      .executeTakeFirstOrThrow();
    await afterStored(stored);
    return stored;
  } catch (error) {
    await storage.remove(rule.bucket, keyToDiscard);
    await deleteFromTenant(db, "files", input.centreId).where("id", "=", row.id).execute();
    throw error;
  }
}

async function afterStored(row: FileRow): Promise<void> {
  if (!KIND_RULES[row.kind].derivesImages || !isImage(row.content_type)) return;
  // The upload itself succeeded; without its thumbnail a view falls back to the original.
  await enqueueDerivatives({ centreId: row.centre_id, fileId: row.id }).catch((error: unknown) =>
    log.error({ err: error, fileId: row.id }, "could not queue image derivatives"),
  );
}

/** A signed URL to show (or, with `download`, to save) a stored file or one of its derived images. */
export async function fileUrl(input: {
  centreId: CentreId;
  fileId: string;
  variant?: FileVariant;
  download?: boolean;
}): Promise<string> {
  const file = await variantOf(input.centreId, input.fileId, input.variant ?? "original");
  if (file?.status !== "stored" || !file.content_type) throw new NotFoundError(t("files.error.notFound"));
  return storage.presignedGetUrl(KIND_RULES[file.kind].bucket, file.object_key, {
    centreId: input.centreId,
    contentType: file.content_type,
    ...(input.download && { downloadName: file.original_name }),
  });
}

/** Deletes a file, its derived images and their objects. */
export async function removeFile(input: { centreId: CentreId; fileId: string }): Promise<void> {
  const file = await fileInCentre(input.centreId, input.fileId);
  if (!file) throw new NotFoundError(t("files.error.notFound"));
  const derived = await derivedFilesOf(input.centreId, file.id);
  // Derived rows go with the original (on delete cascade).
  await deleteFromTenant(db, "files", input.centreId).where("id", "=", file.id).execute();
  const bucket = KIND_RULES[file.kind].bucket;
  await Promise.all([file, ...derived].map((row) => storage.remove(bucket, row.object_key)));
}

/**
 * The worker's half of an image upload: a thumbnail and a WebP, stored beside the original and
 * recorded as its derived files. Safe to repeat: keys are fixed and rows are inserted once.
 */
export async function storeDerivedImages(centreId: CentreId, fileId: string): Promise<FileRow[]> {
  const original = await fileInCentre(centreId, fileId);
  if (original?.status !== "stored" || !isImage(original.content_type)) return [];
  const bucket = KIND_RULES[original.kind].bucket;
  const object = await storage.get(bucket, original.object_key);
  if (!object) return [];
  const images = await deriveImages(object.bytes).catch((error: unknown) => {
    // Broken pixels or too many of them: a retry will not change that.
    throw new UnrecoverableError(`cannot decode image ${fileId}: ${error instanceof Error ? error.message : error}`);
  });
  const rows: FileRow[] = [];
  for (const image of images) {
    const key = `${original.object_key}-${image.variant}`;
    await storage.put(bucket, key, image.bytes, "image/webp");
    const row = await db
      .insertInto("files")
      .values({
        centre_id: centreId,
        owner_id: original.owner_id,
        bucket,
        object_key: key,
        kind: original.kind,
        derived_from: original.id,
        variant: image.variant,
        content_type: "image/webp",
        size_bytes: image.bytes.byteLength,
        width: image.width,
        height: image.height,
        checksum_sha256: new Bun.CryptoHasher("sha256").update(image.bytes).digest("hex"),
        original_name: `${original.original_name.replace(/\.[^.]*$/, "").slice(0, 230)}-${image.variant}.webp`,
        status: "stored",
        stored_at: new Date(),
      })
      .onConflict((conflict) => conflict.columns(["bucket", "object_key"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) rows.push(row);
  }
  return rows;
}

export interface CleanupResult {
  staleUploads: number;
  orphanObjects: number;
}

const ORPHAN_AGE_MS = 24 * 3600 * 1000;

/**
 * Removes direct uploads never confirmed within a day, and objects that no row describes (a
 * crash between storing and recording, a PUT URL reused after confirmation). Only objects older
 * than a day count as orphans, so an upload in progress is never touched.
 */
export async function cleanUpOrphans(options: { now?: Date; centreIds?: CentreId[] } = {}): Promise<CleanupResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - ORPHAN_AGE_MS);
  const centreIds = options.centreIds ?? (await allCentreIds());
  const result: CleanupResult = { staleUploads: 0, orphanObjects: 0 };
  for (const centreId of centreIds) {
    result.staleUploads += await removeStaleUploads(centreId, cutoff);
    for (const bucket of new Set(Object.values(KIND_RULES).map((rule) => rule.bucket))) {
      result.orphanObjects += await removeOrphanObjects(centreId, bucket, cutoff);
    }
  }
  return result;
}

async function removeStaleUploads(centreId: CentreId, cutoff: Date): Promise<number> {
  const stale = await stalePendingUploads(centreId, cutoff);
  for (const file of stale) {
    await storage.remove(KIND_RULES[file.kind].bucket, file.object_key);
    await deleteFromTenant(db, "files", centreId).where("id", "=", file.id).where("status", "=", "pending").execute();
  }
  return stale.length;
}

const ORPHAN_BATCH = 500;

async function removeOrphanObjects(centreId: CentreId, bucket: Bucket, cutoff: Date): Promise<number> {
  let removed = 0;
  let batch: ListedObject[] = [];
  const flush = async () => {
    const known = await knownObjectKeys(
      centreId,
      bucket,
      batch.map((object) => object.key),
    );
    for (const object of batch) {
      if (known.has(object.key) || object.lastModified >= cutoff) continue;
      await storage.remove(bucket, object.key);
      removed += 1;
    }
    batch = [];
  };
  for await (const object of storage.list(bucket, centrePrefix(centreId))) {
    batch.push(object);
    if (batch.length >= ORPHAN_BATCH) await flush();
  }
  await flush();
  return removed;
}
