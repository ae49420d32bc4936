/**
 * Object storage to and from a plain folder, through the configured driver (disk or S3/MinIO),
 * so the off-site backup can hand one folder to restic whichever driver the server uses.
 *
 * bun scripts/storage-archive.ts export DIR   every object of the app's buckets into DIR/<bucket>/<key>,
 *                                               with DIR/objects.tsv (bucket, key, size, sha256, type)
 * bun scripts/storage-archive.ts import DIR   put every object listed in DIR/objects.tsv back
 * bun scripts/storage-archive.ts verify-files  every stored `files` row's object is present with its SHA-256
 *
 * The backups bucket holds the older dump copies and is left out; the off-site repository is their home now.
 */
import { createHash } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { db } from "../src/platform/db";
import { BUCKETS, type Bucket, isBucket, storage } from "../src/platform/storage";

const ARCHIVED: Bucket[] = Object.values(BUCKETS).filter((bucket) => bucket !== BUCKETS.backups);

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Keys are the app's own (centre/…/uuid); anything that could climb out of the folder is refused. */
function safePath(dir: string, bucket: string, key: string): string {
  if (key.split("/").some((part) => part === ".." || part === "")) throw new Error(`unsafe object key: ${key}`);
  return join(dir, bucket, key);
}

async function exportTo(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const bucket of ARCHIVED) {
    for await (const listed of storage.list(bucket, "")) {
      const object = await storage.get(bucket, listed.key);
      if (!object) continue; // deleted while we listed
      const info = await storage.stat(bucket, listed.key);
      const path = safePath(dir, bucket, listed.key);
      await mkdir(dirname(path), { recursive: true });
      await Bun.write(path, object.bytes);
      lines.push([bucket, listed.key, object.size, sha256(object.bytes), info?.contentType ?? ""].join("\t"));
    }
  }
  await Bun.write(join(dir, "objects.tsv"), lines.map((line) => `${line}\n`).join(""));
  console.log(`exported ${lines.length} objects`);
}

async function importFrom(dir: string): Promise<void> {
  await storage.ensureBuckets();
  const manifest = await Bun.file(join(dir, "objects.tsv")).text();
  let count = 0;
  for (const line of manifest.split("\n").filter(Boolean)) {
    const [bucket = "", key = "", , digest, contentType] = line.split("\t");
    if (!isBucket(bucket)) throw new Error(`unknown bucket in the archive: ${bucket}`);
    const bytes = new Uint8Array(await Bun.file(safePath(dir, bucket, key)).arrayBuffer());
    if (sha256(bytes) !== digest) throw new Error(`archived object damaged: ${bucket}/${key}`);
    await storage.put(bucket, key, bytes, contentType || "application/octet-stream");
    count++;
  }
  console.log(`imported ${count} objects`);
}

async function verifyFiles(): Promise<boolean> {
  const rows = await db
    .selectFrom("files")
    .where("status", "=", "stored")
    .select(["bucket", "object_key", "checksum_sha256"])
    .execute();
  const problems: string[] = [];
  for (const row of rows) {
    const object = isBucket(row.bucket) ? await storage.get(row.bucket, row.object_key) : null;
    if (!object) problems.push(`missing: ${row.bucket}/${row.object_key}`);
    else if (row.checksum_sha256 && sha256(object.bytes) !== row.checksum_sha256) {
      problems.push(`wrong SHA-256: ${row.bucket}/${row.object_key}`);
    }
  }
  for (const problem of problems) console.error(problem);
  console.log(`files verified: ${rows.length - problems.length} of ${rows.length} present with the right SHA-256`);
  return problems.length === 0;
}

const [command, dir] = process.argv.slice(2);
try {
  if (command === "export" && dir) await exportTo(dir);
  else if (command === "import" && dir) await importFrom(dir);
  else if (command === "verify-files") process.exitCode = (await verifyFiles()) ? 0 : 1;
  else {
    console.error("usage: bun scripts/storage-archive.ts export DIR | import DIR | verify-files");
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
// The storage driver may hold connections open; the command is done.
process.exit();
