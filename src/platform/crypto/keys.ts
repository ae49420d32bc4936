import { config } from "../../config";

export interface KeyRing {
  /** New values are encrypted under this key. */
  current: { id: string; key: Buffer };
  /** Every key that may still decrypt, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `keyId:base64key,...` (the first entry is current): 32-byte keys, unique ids. */
export function parseKeyRing(spec: string): KeyRing {
  const byId = new Map<string, Buffer>();
  for (const entry of spec.split(",")) {
    const [id = "", encoded = "", ...rest] = entry.trim().split(":");
    if (!KEY_ID.test(id) || rest.length > 0)
      throw new Error("Each encryption key entry must look like keyId:base64key");
    const key = Buffer.from(encoded, "base64");
    if (key.length !== 32) throw new Error(`Encryption key ${id} must be 32 bytes (base64 of 32 random bytes)`);
    if (byId.has(id)) throw new Error(`Encryption key id ${id} appears twice`);
    byId.set(id, key);
  }
  const [first] = byId;
  if (!first) throw new Error("At least one encryption key is needed");
  return { current: { id: first[0], key: first[1] }, byId };
}

export function parseBlindIndexKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("BLIND_INDEX_KEY must be 32 bytes (base64 of 32 random bytes)");
  return key;
}

let processRing: KeyRing | undefined;
let processBlindKey: Buffer | undefined;

/** The key ring from ENCRYPTION_KEYS, parsed on first use. */
export function defaultKeyRing(): KeyRing {
  processRing ??= parseKeyRing(config.ENCRYPTION_KEYS);
  return processRing;
}

export function defaultBlindIndexKey(): Buffer {
  processBlindKey ??= parseBlindIndexKey(config.BLIND_INDEX_KEY);
  return processBlindKey;
}
