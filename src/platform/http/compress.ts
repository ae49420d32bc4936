import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip" | "identity";

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;
const MIN_BYTES = 512;

/** Picks the best encoding the client accepts; brotli first, then gzip. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding {
  const accepted = (acceptEncoding ?? "").toLowerCase();
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return "identity";
}

export function isCompressible(contentType: string, byteLength: number): boolean {
  return byteLength >= MIN_BYTES && COMPRESSIBLE.test(contentType);
}

/** Fast settings for per-request bodies; static assets are compressed once at the highest level. */
export function compress(bytes: Uint8Array, encoding: Encoding, level: "fast" | "max" = "fast"): Uint8Array {
  if (encoding === "br") {
    const quality = level === "max" ? constants.BROTLI_MAX_QUALITY : 5;
    return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
  }
  if (encoding === "gzip") return gzipSync(bytes, { level: level === "max" ? 9 : 6 });
  return bytes;
}
