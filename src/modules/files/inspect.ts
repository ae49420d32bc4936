import { type Bucket, storage } from "../../platform/storage";
import { SNIFF_BYTES } from "../../platform/storage/sniff";
import { garbageNudger } from "../../platform/storage/spool";

export interface InspectedObject {
  /** The bytes read; past `maxBytes` reading stops, so this is then just over the limit. */
  size: number;
  head: Uint8Array;
  checksum: string;
}

/** Reads a stored object once, as a stream: its size, first bytes and SHA-256. */
export async function inspectObject(bucket: Bucket, key: string, maxBytes: number): Promise<InspectedObject | null> {
  const stream = await storage.getStream(bucket, key);
  if (!stream) return null;
  const hasher = new Bun.CryptoHasher("sha256");
  const head = new Uint8Array(SNIFF_BYTES);
  let size = 0;
  const nudge = garbageNudger();
  for await (const chunk of stream) {
    nudge(chunk.byteLength);
    if (size < SNIFF_BYTES) head.set(chunk.subarray(0, SNIFF_BYTES - size), size);
    size += chunk.byteLength;
    if (size > maxBytes) break;
    hasher.update(chunk);
  }
  return { size, head: head.subarray(0, Math.min(size, SNIFF_BYTES)), checksum: hasher.digest("hex") };
}
