import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip" | "identity";

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;
const MIN_BYTES = 512;

/**
 * Per-request brotli quality: 4 costs about 70 % of 5 and, on the pages measured, is no larger
 * (scripts/bench/compress.ts; docs/performance.md).
 */
const REQUEST_QUALITY = 4;

/**
 * Bodies from this size on are compressed on the thread pool: a 200 KB markbook held the event
 * loop 5–8 ms at quality 4–5, every other request waiting behind it. Below it, handing the work
 * over costs more than doing it (a dashboard of 5 KB takes 0.1 ms).
 */
export const OFF_LOOP_BYTES = 32 * 1024;

/** Picks the best encoding the client accepts; brotli first, then gzip. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding {
  const accepted = (acceptEncoding ?? "").toLowerCase();
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return "identity";
}

export function acceptsGzip(acceptEncoding: string | null): boolean {
  return /\bgzip\b/.test((acceptEncoding ?? "").toLowerCase());
}

export function isCompressible(contentType: string, byteLength: number): boolean {
  return byteLength >= MIN_BYTES && COMPRESSIBLE.test(contentType);
}

/** Fast settings for per-request bodies; static assets are compressed once at the highest level. */
export function compress(bytes: Uint8Array, encoding: Encoding, level: "fast" | "max" = "fast"): Uint8Array {
  if (encoding === "br") {
    const quality = level === "max" ? constants.BROTLI_MAX_QUALITY : REQUEST_QUALITY;
    return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
  }
  if (encoding === "gzip") return gzipSync(bytes, { level: level === "max" ? 9 : 6 });
  return bytes;
}

/** compress() with the request settings, on the thread pool: the event loop only hands the bytes over. */
export function compressOffLoop(bytes: Uint8Array, encoding: Exclude<Encoding, "identity">): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, out: Buffer) => (error ? reject(error) : resolve(out));
    if (encoding === "br") {
      brotliCompress(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: REQUEST_QUALITY } }, done);
    } else {
      gzip(bytes, { level: 6 }, done);
    }
  });
}

/** A response body that arrives when `pending` settles (the headers can be sent before it). */
export function bodyWhenReady(pending: Promise<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      controller.enqueue(await pending);
      controller.close();
    },
  });
}
