import { createHmac, timingSafeEqual } from "node:crypto";
import { ForbiddenError } from "../errors";
import { t } from "../i18n";
import { keyBelongsToCentre } from "./keys";
import { type Bucket, DEFAULT_URL_EXPIRY_SECONDS, isBucket, type SignedGetOptions } from "./types";

/**
 * App-signed URLs for the disk driver, with the semantics of S3 presigned URLs: bound to the
 * method, bucket, key and expiry, and also to the acting centre, whose namespace the key must lie in.
 */
export type SignedMethod = "GET" | "PUT";

export const SIGNED_URL_PATH = "/storage";

export interface VerifiedRequest {
  bucket: Bucket;
  key: string;
  centreId: string;
  contentType?: string;
  downloadName?: string;
}

interface SignedFields {
  method: SignedMethod;
  bucket: string;
  key: string;
  centreId: string;
  expires: number;
  contentType: string;
  downloadName: string;
}

function signature(secret: string, fields: SignedFields): string {
  const { method, bucket, key, centreId, expires, contentType, downloadName } = fields;
  const payload = [method, bucket, key, centreId, String(expires), contentType, downloadName].join("\n");
  return createHmac("sha256", secret).update(payload).digest("hex");
}

function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

export function signUrl(
  secret: string,
  baseUrl: string,
  method: SignedMethod,
  bucket: Bucket,
  key: string,
  options: SignedGetOptions,
): string {
  const signedAt = options.signedAt ?? new Date();
  const expires = Math.floor(signedAt.getTime() / 1000) + (options.expiresInSeconds ?? DEFAULT_URL_EXPIRY_SECONDS);
  const fields: SignedFields = {
    method,
    bucket,
    key,
    centreId: options.centreId,
    expires,
    contentType: options.contentType ?? "",
    downloadName: options.downloadName ?? "",
  };
  const url = new URL(`${SIGNED_URL_PATH}/${bucket}/${encodeKey(key)}`, baseUrl);
  url.searchParams.set("centre", fields.centreId);
  url.searchParams.set("expires", String(expires));
  if (fields.contentType) url.searchParams.set("ct", fields.contentType);
  if (fields.downloadName) url.searchParams.set("dn", fields.downloadName);
  url.searchParams.set("sig", signature(secret, fields));
  return url.toString();
}

const refused = () => new ForbiddenError(t("common.error.linkInvalid"));

/** The bucket and key named by a signed URL's path, `/storage/<bucket>/<key...>`. */
function parsePath(pathname: string): { bucket: Bucket; key: string } {
  const rest = pathname.slice(SIGNED_URL_PATH.length + 1);
  const slash = rest.indexOf("/");
  if (slash <= 0) throw refused();
  const bucket = rest.slice(0, slash);
  if (!isBucket(bucket)) throw refused();
  try {
    return {
      bucket,
      key: rest
        .slice(slash + 1)
        .split("/")
        .map(decodeURIComponent)
        .join("/"),
    };
  } catch {
    throw refused();
  }
}

function sameSignature(given: string, expected: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex"));
}

/** Throws a 403 for a tampered, foreign, expired or wrongly-used URL. */
export function verifySignedUrl(secret: string, method: string, url: URL, now: Date = new Date()): VerifiedRequest {
  if (method !== "GET" && method !== "PUT" && method !== "HEAD") throw refused();
  const { bucket, key } = parsePath(url.pathname);
  const params = url.searchParams;
  const centreId = params.get("centre") ?? "";
  const expires = Number(params.get("expires"));
  const contentType = params.get("ct") ?? "";
  const downloadName = params.get("dn") ?? "";
  const signedMethod: SignedMethod = method === "PUT" ? "PUT" : "GET";
  if (!Number.isSafeInteger(expires)) throw refused();
  const fields = { method: signedMethod, bucket, key, centreId, expires, contentType, downloadName };
  if (!sameSignature(params.get("sig") ?? "", signature(secret, fields))) throw refused();
  if (!keyBelongsToCentre(key, centreId)) throw refused();
  if (expires * 1000 < now.getTime()) throw new ForbiddenError(t("common.error.linkExpired"));
  return {
    bucket,
    key,
    centreId,
    ...(contentType && { contentType }),
    ...(downloadName && { downloadName }),
  };
}
