import { constants, deflateRaw, deflateRawSync } from "node:zlib";
import { raw, type SafeHtml } from "#html/jsx-runtime";

/**
 * A large cached part of a page (a rendered markbook of ~200 KB, shared by everyone who opens that
 * class) is compressed once, not on every request. The page around it differs per viewer (their
 * name, their CSRF token), so the response is spliced: a gzip member whose deflate stream is the
 * page's head compressed now, then the part's cached deflate blocks, then the page's tail. Each
 * piece ends on a byte boundary (a sync flush) and refers to nothing before it, so the pieces chain
 * into one valid stream; the trailer's CRC is taken over the whole page (microseconds). Gzip, not
 * brotli: brotli streams cannot be chained, and at level 9 the gzip is as small as brotli 4 here.
 */
const partsByRequest = new WeakMap<Request, string>();

/** Marks `html` as a cached part of this request's page, to be spliced in compressed; renders it as is. */
export function cachedPart(request: Request, html: string): SafeHtml {
  partsByRequest.set(request, html);
  return raw(html);
}

/** Deflate blocks of the parts seen lately, by their text (the same string the cache hands out). */
const deflated = new Map<string, Uint8Array>();
const pending = new Set<string>();
const PARTS_KEPT = 32;

const encoder = new TextEncoder();
const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

function deflatedPart(part: string): Uint8Array | null {
  const hit = deflated.get(part);
  if (hit) return hit;
  // The first request pays nothing more: the part is compressed on the thread pool for the next.
  if (!pending.has(part)) {
    pending.add(part);
    deflateRaw(encoder.encode(part), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }, (error, out) => {
      pending.delete(part);
      if (error) return;
      deflated.set(part, out);
      if (deflated.size > PARTS_KEPT) deflated.delete(deflated.keys().next().value as string);
    });
  }
  return null;
}

/**
 * The page as gzip with its cached part spliced in compressed; null when the request registered
 * no part, the part is not in the page, or its deflate blocks are not ready yet.
 */
export function splicedGzip(request: Request, text: string, identity: Uint8Array): Uint8Array | null {
  const part = partsByRequest.get(request);
  const at = part ? text.indexOf(part) : -1;
  if (!part || at < 0) return null;
  const middle = deflatedPart(part);
  if (!middle) return null;
  const head = deflateRawSync(encoder.encode(text.slice(0, at)), { finishFlush: constants.Z_SYNC_FLUSH });
  const tail = deflateRawSync(encoder.encode(text.slice(at + part.length)));
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, Bun.hash.crc32(identity), true);
  view.setUint32(4, identity.byteLength >>> 0, true);
  const out = new Uint8Array(GZIP_HEADER.length + head.length + middle.length + tail.length + trailer.length);
  let offset = 0;
  for (const piece of [GZIP_HEADER, head, middle, tail, trailer]) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
