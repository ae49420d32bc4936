import { bytesSigner, uuidBytes, uuidOfBytes } from "../../platform/crypto";

/**
 * The token printed in a worksheet page's QR code: which homework, which student, which page
 * (0 is the cover). Binary, then base64url, so the code stays small enough to read from a phone
 * photo or a 150 dpi scan: version (1) + homework (16) + student (16) + page (2) + MAC (12).
 * The MAC is an HMAC-SHA256 truncated to 96 bits, under a key derived from SESSION_SECRET, so
 * the worker verifies a page without asking anyone.
 */
export interface WorksheetPage {
  homeworkId: string;
  studentId: string;
  page: number;
}

const PREFIX = "AL1.";
const VERSION = 1;
const BODY_BYTES = 1 + 16 + 16 + 2;
const MAC_BYTES = 12;

const signer = bytesSigner("aetherlearn:worksheet-qr:v1", MAC_BYTES);

export function signWorksheetPage(page: WorksheetPage): string {
  if (!Number.isInteger(page.page) || page.page < 0 || page.page > 999) throw new Error("page out of range");
  const body = Buffer.alloc(BODY_BYTES);
  body[0] = VERSION;
  uuidBytes(page.homeworkId).copy(body, 1);
  uuidBytes(page.studentId).copy(body, 17);
  body.writeUInt16BE(page.page, 33);
  return PREFIX + signer.seal(body).toString("base64url");
}

export type TokenCheck = { ok: true; page: WorksheetPage } | { ok: false; reason: "not_ours" | "bad_signature" };

/** Whether a QR code's text is one of our page tokens, and untouched. */
export function verifyWorksheetPage(text: string): TokenCheck {
  if (!text.startsWith(PREFIX)) return { ok: false, reason: "not_ours" };
  const encoded = text.slice(PREFIX.length);
  const bytes = Buffer.from(encoded, "base64url");
  // Base64 decoding ignores stray bits in the last character; only the one canonical spelling counts.
  if (bytes.toString("base64url") !== encoded) return { ok: false, reason: "bad_signature" };
  const body = signer.open(bytes, BODY_BYTES);
  if (!body || body[0] !== VERSION) return { ok: false, reason: "bad_signature" };
  const page = body.readUInt16BE(33);
  if (page > 999) return { ok: false, reason: "bad_signature" };
  return {
    ok: true,
    page: { homeworkId: uuidOfBytes(body.subarray(1, 17)), studentId: uuidOfBytes(body.subarray(17, 33)), page },
  };
}
