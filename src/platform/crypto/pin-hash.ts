import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { defaultBlindIndexKey } from "./keys";

/**
 * How student PINs are stored: HMAC-SHA-256 under a server key, with a random salt per hash.
 *
 * A PIN has at most 10^8 values (10^6 for the usual six digits), so a slow hash does not protect
 * it: whoever holds the hash tries every value in minutes on a graphics card even at bcrypt cost
 * 10, and meanwhile each hash costs the server 60 ms (1,000 imported students took 30 s on two
 * cores). What protects a short PIN from someone holding a copy of the database is a key that is
 * not in the database or its backups; online guessing is stopped by the per-student budget
 * (src/modules/people/pin-guard.ts). The key is derived from BLIND_INDEX_KEY, which never rotates
 * (the email blind indexes depend on it too), so stored PINs stay verifiable across
 * ENCRYPTION_KEYS rotations. Passwords stay on bcrypt: they are long, and chosen by people.
 *
 * Stored form: `$pin-hmac-sha256$<salt, base64url>$<mac, base64url>`. Older PINs are bcrypt
 * hashes; they still verify and are rewritten in this form at the student's next correct PIN.
 */
const PREFIX = "$pin-hmac-sha256$";
const SALT_BYTES = 16;

function pinKey(blindIndexKey: Buffer): Buffer {
  return createHmac("sha256", blindIndexKey).update("aetherlearn:student-pin:v1").digest();
}

let processPinKey: Buffer | undefined;
function defaultPinKey(): Buffer {
  processPinKey ??= pinKey(defaultBlindIndexKey());
  return processPinKey;
}

function mac(pin: string, salt: Buffer, key: Buffer): Buffer {
  return createHmac("sha256", key).update(salt).update(pin, "utf8").digest();
}

export function hashPin(pin: string, key: Buffer = defaultPinKey()): string {
  const salt = randomBytes(SALT_BYTES);
  return `${PREFIX}${salt.toString("base64url")}$${mac(pin, salt, key).toString("base64url")}`;
}

/** Whether a stored PIN hash is in the current form (an older bcrypt hash is rewritten on success). */
export function pinHashIsCurrent(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export async function verifyPin(pin: string, stored: string, key: Buffer = defaultPinKey()): Promise<boolean> {
  if (!pinHashIsCurrent(stored)) return Bun.password.verify(pin, stored);
  const [salt = "", expected = ""] = stored.slice(PREFIX.length).split("$");
  const wanted = Buffer.from(expected, "base64url");
  const actual = mac(pin, Buffer.from(salt, "base64url"), key);
  return wanted.length === actual.length && timingSafeEqual(wanted, actual);
}

/** Compared against when no student matched, so a miss does the same work as a wrong PIN. */
export const DUMMY_PIN_HASH = hashPin("not-a-real-pin", pinKey(Buffer.alloc(32)));
