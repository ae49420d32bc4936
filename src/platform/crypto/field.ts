import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { defaultKeyRing, type KeyRing } from "./keys";

/** Where a value lives. The ciphertext is bound to it: copied to another row or column, it fails to decrypt. */
export interface FieldRef {
  table: string;
  column: string;
  rowId: string;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(field: FieldRef): Buffer {
  return Buffer.from(`aetherlearn:${VERSION}:${field.table}.${field.column}:${field.rowId}`, "utf8");
}

/** AES-256-GCM under the current key: `v1:<keyId>:<iv>:<ciphertext+tag>`, base64url parts. */
export function encryptField(plaintext: string, field: FieldRef, ring: KeyRing = defaultKeyRing()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(field));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}:${ring.current.id}:${iv.toString("base64url")}:${sealed.toString("base64url")}`;
}

export function decryptField(ciphertext: string, field: FieldRef, ring: KeyRing = defaultKeyRing()): string {
  const [version, keyId = "", ivText = "", sealedText = "", ...rest] = ciphertext.split(":");
  if (version !== VERSION || rest.length > 0) throw new DecryptionError("Not an encrypted field value");
  const key = ring.byId.get(keyId);
  if (!key) throw new DecryptionError(`Encryption key ${keyId} is not in ENCRYPTION_KEYS`);
  const iv = Buffer.from(ivText, "base64url");
  const sealed = Buffer.from(sealedText, "base64url");
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new DecryptionError("Malformed encrypted field value");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(field));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DecryptionError(
      `Value in ${field.table}.${field.column} does not belong to row ${field.rowId} or was altered`,
    );
  }
}

/** The key a stored value was encrypted under, or null when it is not one of our ciphertexts. */
export function encryptionKeyIdOf(ciphertext: string): string | null {
  const match = /^v1:([A-Za-z0-9_-]{1,32}):/.exec(ciphertext);
  return match ? match[1]! : null;
}
