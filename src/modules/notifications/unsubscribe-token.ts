import { config } from "../../config";
import { bytesSigner, uuidBytes, uuidOfBytes } from "../../platform/crypto";
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

const signer = bytesSigner("aetherlearn:email-unsubscribe:v1", MAC_BYTES);

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
  return signer.seal(body).toString("base64url");
}

/** What a token names, or null when it is not one of ours or was altered. */
export function verifyUnsubscribe(token: string): Unsubscription | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return null;
  const body = signer.open(Buffer.from(token, "base64url"), BODY_BYTES);
  if (!body || body[0] !== VERSION) return null;
  const kind = body[33] === DIGEST ? "digest" : EMAIL_KINDS[body[33] as number];
  if (!kind) return null;
  return { centreId: uuidOfBytes(body.subarray(1, 17)), userId: uuidOfBytes(body.subarray(17, 33)), kind };
}

/** The one-click address that goes into the email (List-Unsubscribe and the footer link). */
export function unsubscribeUrl(unsubscription: Unsubscription): string {
  return new URL(`/unsubscribe/${signUnsubscribe(unsubscription)}`, config.PUBLIC_URL).toString();
}
