/**
 * bun run rotate-encryption-key [--batch-size 500]
 *
 * Re-encrypts every registered encrypted column (src/platform/crypto/registry.ts) under the
 * current key, the first entry of ENCRYPTION_KEYS. Safe to repeat and to resume: values already
 * under the current key are skipped. Prints how many values each key still protects; an old key
 * can leave ENCRYPTION_KEYS once no column lists it. Exits 1 if any value could not be decrypted.
 */
import { parseArgs } from "node:util";
import { type ColumnRotation, rotateEncryptedColumns } from "../src/platform/crypto";
import { db } from "../src/platform/db";

function batchSize(): number {
  const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "500" } }, strict: true });
  const size = Number(values["batch-size"]);
  if (!Number.isInteger(size) || size < 1 || size > 5000)
    throw new Error("--batch-size must be a whole number, 1 to 5000");
  return size;
}

function summary(result: ColumnRotation): string {
  const keys = Object.entries(result.remainingByKey).map(([key, count]) => `${key}=${count}`);
  const failed = result.failedCount ? `, ${result.failedCount} FAILED (ids: ${result.failed.join(", ")})` : "";
  return `${result.table}.${result.column}: ${result.rotated} re-encrypted${failed}; values by key: ${keys.join(" ") || "none"}`;
}

let size: number;
try {
  size = batchSize();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

try {
  const results = await rotateEncryptedColumns(db, { batchSize: size });
  for (const result of results) console.log(summary(result));
  process.exitCode = results.some((result) => result.failedCount > 0) ? 1 : 0;
} finally {
  await db.destroy();
}
