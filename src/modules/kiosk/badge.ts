import { createHmac, timingSafeEqual } from "node:crypto";
import QRCode from "qrcode";
import { config } from "../../config";

/**
 * The token on a printed student badge: which student and which printing of their badge,
 * signed. Cheap kiosks read it with a USB or Bluetooth barcode scanner that types it into a
 * focused field, so it is short and uses only characters every keyboard layout types the same:
 * format (1) + student (16) + badge version (4) + MAC (12), base64url. The MAC is HMAC-SHA256
 * truncated to 96 bits under a key derived from SESSION_SECRET. Badges printed before versions
 * existed ("ALB1.", no version field) read as version 0, valid until the student's first reprint.
 */
const FORMATS = {
  "ALB1.": { format: 1, bodyBytes: 1 + 16, versioned: false },
  "ALB2.": { format: 2, bodyBytes: 1 + 16 + 4, versioned: true },
} as const;
const CURRENT_PREFIX = "ALB2.";
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

function studentBytes(studentId: string): Buffer {
  if (!UUID.test(studentId)) throw new Error(`not a uuid: ${studentId}`);
  return Buffer.from(studentId.replaceAll("-", ""), "hex");
}

export interface ScannedBadge {
  studentId: string;
  version: number;
}

/** The token for one printing of a student's badge. */
export function signBadge(studentId: string, version: number): string {
  const versionBytes = Buffer.alloc(4);
  versionBytes.writeUInt32BE(version);
  const body = Buffer.concat([Buffer.from([FORMATS[CURRENT_PREFIX].format]), studentBytes(studentId), versionBytes]);
  return CURRENT_PREFIX + Buffer.concat([body, mac(body)]).toString("base64url");
}

/** The old, unversioned token (format 1): what badges printed before versions carry. */
export function signLegacyBadge(studentId: string): string {
  const body = Buffer.concat([Buffer.from([FORMATS["ALB1."].format]), studentBytes(studentId)]);
  return `ALB1.${Buffer.concat([body, mac(body)]).toString("base64url")}`;
}

/** The student and version a scanned badge names, or null when it is not one of ours or was altered. */
export function verifyBadge(text: string): ScannedBadge | null {
  const trimmed = text.trim();
  const prefix = (Object.keys(FORMATS) as (keyof typeof FORMATS)[]).find((known) => trimmed.startsWith(known));
  if (!prefix) return null;
  const { format, bodyBytes, versioned } = FORMATS[prefix];
  const bytes = Buffer.from(trimmed.slice(prefix.length), "base64url");
  if (bytes.length !== bodyBytes + MAC_BYTES || bytes[0] !== format) return null;
  const body = bytes.subarray(0, bodyBytes);
  if (!timingSafeEqual(mac(body), bytes.subarray(bodyBytes))) return null;
  const hex = body.subarray(1, 17).toString("hex");
  const studentId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { studentId, version: versioned ? body.readUInt32BE(17) : 0 };
}

/** The badge's QR code as an SVG (attributes only, no inline style, so the CSP allows it). */
export function badgeQrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
