import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../../config";

/**
 * Short signed binary tokens (a worksheet page's QR code, an unsubscribe link): a fixed-size body
 * followed by an HMAC-SHA256 truncated to `macBytes`, under a key derived from SESSION_SECRET for
 * one purpose, so tokens of one kind never pass as another's.
 */
export function bytesSigner(purpose: string, macBytes: number) {
  let key: Buffer | undefined;
  const macOf = (body: Uint8Array) => {
    key ??= createHmac("sha256", config.SESSION_SECRET).update(purpose).digest();
    return createHmac("sha256", key).update(body).digest().subarray(0, macBytes);
  };
  return {
    seal(body: Buffer): Buffer {
      return Buffer.concat([body, macOf(body)]);
    },
    /** The body, when the bytes are a body of `bodyBytes` and its untouched MAC; otherwise null. */
    open(bytes: Buffer, bodyBytes: number): Buffer | null {
      if (bytes.length !== bodyBytes + macBytes) return null;
      const body = bytes.subarray(0, bodyBytes);
      return timingSafeEqual(macOf(body), bytes.subarray(bodyBytes)) ? body : null;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as its 16 bytes. */
export function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(id.replaceAll("-", ""), "hex");
}

/** 16 bytes as a UUID's text. */
export function uuidOfBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
