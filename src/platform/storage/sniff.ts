/**
 * The content type of a file, read from its first bytes (magic numbers), never from the name or
 * the client's claim. HEIC is not recognised: sharp's prebuilt libvips cannot decode it, and
 * phone browsers convert camera photos to JPEG for `<input type=file accept=image/*>`.
 */
export const SNIFF_BYTES = 4096;

export type SniffedType =
  | "image/jpeg"
  | "image/png"
  | "image/webp"
  | "application/pdf"
  | "application/zip"
  | "audio/mpeg"
  | "audio/mp4"
  | "audio/ogg"
  | "audio/wav"
  | "video/mp4"
  | "video/webm"
  | "text/plain";

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** ISO media (MP4, M4A): a `ftyp` box first, whose major brand says audio-only or not. */
function isoMedia(b: Uint8Array): SniffedType | null {
  if (!startsWith(b, ascii("ftyp"), 4)) return null;
  const brand = String.fromCharCode(...b.subarray(8, 12));
  return brand === "M4A " || brand === "M4B " ? "audio/mp4" : "video/mp4";
}

/** An MP3 without an ID3 tag starts with an MPEG audio frame: 11 sync bits, layer III. */
const mp3Frame = (b: Uint8Array) => b.length > 1 && b[0] === 0xff && ((b[1] ?? 0) & 0xe6) === 0xe2;

const MAGIC: ReadonlyArray<{ type: SniffedType; test: (bytes: Uint8Array) => boolean }> = [
  { type: "image/jpeg", test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: "image/png", test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/webp", test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8) },
  { type: "application/pdf", test: (b) => startsWith(b, ascii("%PDF-")) },
  { type: "application/zip", test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
  { type: "audio/wav", test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WAVE"), 8) },
  { type: "audio/ogg", test: (b) => startsWith(b, ascii("OggS")) },
  { type: "audio/mpeg", test: (b) => startsWith(b, ascii("ID3")) || mp3Frame(b) },
  // Matroska's EBML header; a WebM made by a browser or ffmpeg.
  { type: "video/webm", test: (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  { type: "audio/mp4", test: (b) => isoMedia(b) === "audio/mp4" },
  { type: "video/mp4", test: (b) => isoMedia(b) === "video/mp4" },
];

const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/** UTF-8 text without control characters other than tab, CR, LF and form feed (CSV exports). */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  // In UTF-8 a byte below 0x80 is always the ASCII character itself.
  if (bytes.some((byte) => (byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f)) return false;
  try {
    // stream: a multi-byte character cut off at the end of the sample is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function sniffContentType(head: Uint8Array): SniffedType | null {
  const sample = head.subarray(0, SNIFF_BYTES);
  const match = MAGIC.find(({ test }) => test(sample));
  if (match) return match.type;
  return isPlainText(sample) ? "text/plain" : null;
}
