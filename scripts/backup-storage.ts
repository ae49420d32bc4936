/**
 * The off-site copies of database backups, in the backups bucket of the configured storage driver
 * (disk or S3/MinIO), so the backup scripts need no separate S3 client.
 *
 * bun scripts/backup-storage.ts put KEY FILE   store FILE as KEY
 * bun scripts/backup-storage.ts get KEY FILE   write KEY to FILE
 * bun scripts/backup-storage.ts list [PREFIX]  print the stored keys, oldest first
 */
import { BUCKETS, storage } from "../src/platform/storage";

const [command, key, file] = process.argv.slice(2);

async function put(key: string, file: string): Promise<void> {
  const source = Bun.file(file);
  if (!(await source.exists())) throw new Error(`no such file: ${file}`);
  await storage.ensureBuckets();
  await storage.put(BUCKETS.backups, key, new Uint8Array(await source.arrayBuffer()), "application/octet-stream");
}

async function get(key: string, file: string): Promise<void> {
  const object = await storage.get(BUCKETS.backups, key);
  if (!object) throw new Error(`no backup stored as ${key}`);
  await Bun.write(file, object.bytes);
}

async function list(prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const object of storage.list(BUCKETS.backups, prefix)) keys.push(object.key);
  for (const name of keys.sort()) console.log(name);
}

try {
  if (command === "put" && key && file) await put(key, file);
  else if (command === "get" && key && file) await get(key, file);
  else if (command === "list") await list(key ?? "");
  else {
    console.error("usage: bun scripts/backup-storage.ts put KEY FILE | get KEY FILE | list [PREFIX]");
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
// The storage driver may hold connections open; the command is done.
process.exit();
