import { Elysia } from "elysia";
import { AppError, BadRequestError, NotFoundError, PayloadTooLargeError } from "../platform/errors";
import { t } from "../platform/i18n";
import { SIGNED_URL } from "../platform/permissions";
import { storage } from "../platform/storage";
import { attachment } from "../platform/storage/content-disposition";
import { DiskStorage } from "../platform/storage/disk";
import { SIGNED_URL_PATH } from "../platform/storage/signed-url";
import { MAX_OBJECT_BYTES } from "../platform/storage/types";
import { guard } from "./guard";

/**
 * Serves the disk driver's signed URLs, the way S3 serves presigned ones: the signature is the
 * whole authorisation (no session), so a URL works from an <img> tag or a plain fetch.
 */
async function serveGet(disk: DiskStorage, request: Request): Promise<Response> {
  const { bucket, key, contentType, downloadName } = disk.verify("GET", new URL(request.url));
  const [info, body] = await Promise.all([disk.stat(bucket, key), disk.getStream(bucket, key)]);
  if (!info || !body) throw new NotFoundError(t("common.error.fileGone"));
  const headers: Record<string, string> = {
    "content-type": contentType ?? info.contentType,
    "content-length": String(info.size),
    etag: `"${info.etag}"`,
    "cache-control": "private, max-age=300",
  };
  if (downloadName) headers["content-disposition"] = attachment(downloadName);
  return new Response(body, { headers });
}

function declaredLength(request: Request): number {
  const header = request.headers.get("content-length");
  const length = Number(header);
  if (header === null || !Number.isSafeInteger(length) || length < 0) {
    throw new AppError(411, t("common.error.lengthRequired"));
  }
  if (length > MAX_OBJECT_BYTES) throw new PayloadTooLargeError();
  return length;
}

async function servePut(disk: DiskStorage, request: Request): Promise<Response> {
  const { bucket, key } = disk.verify("PUT", new URL(request.url));
  const length = declaredLength(request);
  const body = request.body ?? new Blob([]).stream();
  const written = await disk.putStream(bucket, key, body, length).catch((error: unknown) => {
    if (error instanceof RangeError) throw new PayloadTooLargeError(t("common.error.uploadLonger"));
    throw error;
  });
  if (written !== length) {
    await disk.remove(bucket, key);
    throw new BadRequestError(t("common.error.uploadShort"));
  }
  const info = await disk.stat(bucket, key);
  return new Response(null, { status: 200, headers: { etag: `"${info?.etag ?? ""}"` } });
}

export function diskStorageRoutes(disk: DiskStorage) {
  // The body is streamed to disk as it arrives, never parsed.
  const options = { permission: SIGNED_URL, parse: "none" } as const;
  return new Elysia()
    .use(guard)
    .get(`${SIGNED_URL_PATH}/:bucket/*`, ({ request }) => serveGet(disk, request), options)
    .put(`${SIGNED_URL_PATH}/:bucket/*`, ({ request }) => servePut(disk, request), options);
}

/** Mounted by the app; with the S3 driver the URLs point at S3 itself and these routes do not exist. */
export const storageRoutes =
  storage instanceof DiskStorage ? diskStorageRoutes(storage) : new Elysia({ name: "storage-routes" });
