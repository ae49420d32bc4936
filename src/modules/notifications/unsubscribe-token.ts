import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../../config";
import { EMAIL_KINDS, type EmailKind } from "./preferences";

/**
 * The token in an email's unsubscribe link: which centre, person and kind of email, signed, so
 * the link works without signing in and cannot be turned into another person's or kind's.
 * Layout: version (1) + centre (16) + person (16) + kind's place in EMAIL_KINDS, or 255 for the digest (1) + MAC (16),
 * base64url. The MAC is HMAC-SHA256 truncated to 128 bits under a key derived from SESSION_SECRET.
 */
const VERSION = 1;
const BODY_BYTES = 1 + 16 + 16 + 1;
const MAC_BYTES = 16;
/** The daily digest's link turns off every kind the person gets in the digest. */
const DIGEST = 255;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let derivedKey: Buffer | undefined;

function key(): Buffer {
  derivedKey ??= createHmac("sha256", config.SESSION_SECRET).update("aetherlearn:email-unsubscribe:v1").digest();
  return derivedKey;
}

function mac(body: Uint8Array): Buffer {
  return createHmac("sha256", key()).update(body).digest().subarray(0, MAC_BYTES);
}

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(id.replaceAll("-", ""), "hex");
}

function uuidOf(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Unsubscription {
  centreId: string;
  userId: string;
  kind: EmailKind | "digest";
}

export function signUnsubscribe({ centreId, userId, kind }: Unsubscription): string {
  const body = Buffer.concat([
    Buffer.from([VERSION]),
    uuidBytes(centreId),
    uuidBytes(userId),
    Buffer.from([kind === "digest" ? DIGEST : EMAIL_KINDS.indexOf(kind)]),
  ]);
  return Buffer.concat([body, mac(body)]).toString("base64url");
}

/** What a token names, or null when it is not one of ours or was altered. */
export function verifyUnsubscribe(token: string): Unsubscription | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes[0] !== VERSION) return null;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(body), bytes.subarray(BODY_BYTES))) return null;
  const kind = body[33] === DIGEST ? "digest" : EMAIL_KINDS[body[33] as number];
  if (!kind) return null;
  return { centreId: uuidOf(body.subarray(1, 17)), userId: uuidOf(body.subarray(17, 33)), kind };
}

/** The one-click address that goes into the email (List-Unsubscribe and the footer link). */
export function unsubscribeUrl(unsubscription: Unsubscription): string {
  return new URL(`/unsubscribe/${signUnsubscribe(unsubscription)}`, config.PUBLIC_URL).toString();
}
