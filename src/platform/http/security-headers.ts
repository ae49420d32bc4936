import { Elysia } from "elysia";
import { config } from "../../config";

/**
 * Where signed file URLs point: the app itself with the disk driver, the object store with S3
 * (images, players and direct uploads talk to it from the page).
 */
const STORAGE_ORIGIN = config.STORAGE_DRIVER === "s3" ? ` ${new URL(config.S3_ENDPOINT).origin}` : "";

/** No inline scripts or styles anywhere: htmx is loaded from our own origin and configured by a meta tag. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: blob:${STORAGE_ORIGIN}`,
  `media-src 'self'${STORAGE_ORIGIN}`,
  `connect-src 'self'${STORAGE_ORIGIN}`,
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders = new Elysia({ name: "security-headers" }).onRequest(({ set }) => {
  set.headers["content-security-policy"] = CONTENT_SECURITY_POLICY;
  set.headers["x-content-type-options"] = "nosniff";
  set.headers["referrer-policy"] = "strict-origin-when-cross-origin";
  set.headers["x-frame-options"] = "DENY";
  set.headers["permissions-policy"] = "camera=(self), microphone=(), geolocation=()";
  set.headers["cross-origin-opener-policy"] = "same-origin";
  if (config.NODE_ENV === "production") {
    set.headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  }
});
