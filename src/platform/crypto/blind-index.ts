import { createHmac } from "node:crypto";
import { defaultBlindIndexKey } from "./keys";

/**
 * A keyed HMAC-SHA-256 of a value, for finding encrypted values by equality (a parent's email)
 * without storing anything searchable: without BLIND_INDEX_KEY the index cannot be computed
 * from a guess. Normalise the value first (trim, lower-case an email), the same way on write
 * and on lookup. `purpose` names the field ("users.email"), so equal values in different
 * fields get unrelated indexes.
 */
export function blindIndex(value: string, purpose: string, key: Buffer = defaultBlindIndexKey()): string {
  return createHmac("sha256", key)
    .update(purpose, "utf8")
    .update("\u0000")
    .update(value.normalize("NFC"), "utf8")
    .digest("hex");
}
