import { createHmac, timingSafeEqual } from "node:crypto";
import QRCode from "qrcode";
import { config } from "../../config";

/**
 * The token on a printed student badge: which student, signed. Cheap kiosks read it with a
 * USB or Bluetooth barcode scanner that types it into a focused field, so it is short and uses
 * only characters every keyboard layout types the same: version (1) + student (16) + MAC (12),
 * base64url. The MAC is HMAC-SHA256 truncated to 96 bits under a key derived from SESSION_SECRET.
 */
const PREFIX = "ALB1.";
const VERSION = 1;
const BODY_BYTES = 1 + 16;
const MAC_BYTES = 12;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let derivedKey: Buffer | undefined;

function key(): Buffer {
  derivedKey ??= createHmac("sha256", config.SESSION_SECRET).update("aetherlearn:student-badge:v1").digest();
  return derivedKey;
}

function mac(body: Uint8Array): Buffer {
  return createHmac("sha256", key()).update(body).digest().subarray(0, MAC_BYTES);
}

export function signBadge(studentId: string): string {
  if (!UUID.test(studentId)) throw new Error(`not a uuid: ${studentId}`);
  const body = Buffer.concat([Buffer.from([VERSION]), Buffer.from(studentId.replaceAll("-", ""), "hex")]);
  return PREFIX + Buffer.concat([body, mac(body)]).toString("base64url");
}

/** The student a scanned badge names, or null when it is not one of our badges or was altered. */
export function verifyBadge(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX)) return null;
  const bytes = Buffer.from(trimmed.slice(PREFIX.length), "base64url");
  if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes[0] !== VERSION) return null;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(body), bytes.subarray(BODY_BYTES))) return null;
  const hex = body.subarray(1).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The badge's QR code as an SVG (attributes only, no inline style, so the CSP allows it). */
export function badgeQrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
