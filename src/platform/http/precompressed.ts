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

/** The parts seen lately, by their text (the same string the cache hands out): bytes and deflate blocks. */
interface Compressed {
  bytes: Uint8Array;
  blocks: Uint8Array;
}
const compressedParts = new Map<string, Compressed>();
const pending = new Set<string>();
const PARTS_KEPT = 32;

const encoder = new TextEncoder();
const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

function compressedPart(part: string): Compressed | null {
  const hit = compressedParts.get(part);
  if (hit) return hit;
  // The first request pays nothing more: the part is compressed on the thread pool for the next.
  if (!pending.has(part)) {
    pending.add(part);
    const bytes = encoder.encode(part);
    deflateRaw(bytes, { level: 9, finishFlush: constants.Z_SYNC_FLUSH }, (error, blocks) => {
      pending.delete(part);
      if (error) return;
      compressedParts.set(part, { bytes, blocks });
      if (compressedParts.size > PARTS_KEPT) compressedParts.delete(compressedParts.keys().next().value as string);
    });
  }
  return null;
}

/** Where the part sits in the page: found by its first characters, confirmed whole (no search over 200 KB). */
function positionOf(text: string, part: string): number {
  const at = text.indexOf(part.slice(0, 64));
  return at >= 0 && text.startsWith(part, at) ? at : -1;
}

/**
 * The page as gzip with its cached part spliced in compressed; null when the request registered
 * no part, the part is not in the page, or it is not compressed yet. Only the page around the part
 * is encoded and compressed here; the CRC runs over the three pieces in turn.
 */
export function splicedGzip(request: Request, text: string): Uint8Array | null {
  const part = partsByRequest.get(request);
  const at = part ? positionOf(text, part) : -1;
  if (!part || at < 0) return null;
  const cached = compressedPart(part);
  if (!cached) return null;
  const headBytes = encoder.encode(text.slice(0, at));
  const tailBytes = encoder.encode(text.slice(at + part.length));
  const head = deflateRawSync(headBytes, { finishFlush: constants.Z_SYNC_FLUSH });
  const tail = deflateRawSync(tailBytes);
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  const crc = Bun.hash.crc32(tailBytes, Bun.hash.crc32(cached.bytes, Bun.hash.crc32(headBytes)));
  view.setUint32(0, crc, true);
  view.setUint32(4, (headBytes.byteLength + cached.bytes.byteLength + tailBytes.byteLength) >>> 0, true);
  const pieces = [GZIP_HEADER, head, cached.blocks, tail, trailer];
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.byteLength, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}
