/**
 * Mirrors the restic repository between a local folder and the off-site S3 bucket (BACKUP_S3_*).
 * restic encrypts everything before it reaches the folder; this only moves its immutable,
 * content-addressed files. restic's own S3 client streams uploads as aws-chunked, which several
 * S3 implementations (OpenStack Swift's s3api among them) refuse, so the transfer goes through the
 * same client as the app's storage driver instead.
 *
 * bun scripts/offsite-sync.ts push DIR   upload files missing off-site, delete off-site files restic pruned
 * bun scripts/offsite-sync.ts pull DIR   download the whole repository into DIR (a restore on an empty machine)
 */
import { mkdir, readdir, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Client } from "minio";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const endpoint = new URL(required("BACKUP_S3_ENDPOINT"));
const bucket = required("BACKUP_S3_BUCKET");
const prefix = `${process.env.BACKUP_S3_PREFIX || "aetherlearn"}/`;
const useSSL = endpoint.protocol === "https:";
const client = new Client({
  endPoint: endpoint.hostname,
  port: endpoint.port ? Number(endpoint.port) : useSSL ? 443 : 80,
  useSSL,
  accessKey: required("BACKUP_S3_ACCESS_KEY"),
  secretKey: required("BACKUP_S3_SECRET_KEY"),
  region: process.env.BACKUP_S3_REGION || "us-east-1",
  pathStyle: process.env.BACKUP_S3_PATH_STYLE !== "false",
});

async function remoteFiles(): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  if (!(await client.bucketExists(bucket))) return files;
  for await (const object of client.listObjectsV2(bucket, prefix, true)) {
    if (object.name) files.set(object.name.slice(prefix.length), object.size ?? 0);
  }
  return files;
}

async function localFiles(dir: string): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split(sep).join("/"), (await stat(path)).size);
  }
  return files;
}

async function push(dir: string): Promise<void> {
  if (!(await client.bucketExists(bucket)))
    await client.makeBucket(bucket, process.env.BACKUP_S3_REGION || "us-east-1");
  const [local, remote] = await Promise.all([localFiles(dir), remoteFiles()]);
  let uploaded = 0;
  let removed = 0;
  // Data and index first, the snapshot files (which name them) last, so a half-finished push never
  // leaves an off-site snapshot pointing at data that is not there.
  const order = (name: string) => (name.startsWith("snapshots/") ? 1 : 0);
  for (const name of [...local.keys()].sort((a, b) => order(a) - order(b))) {
    if (remote.get(name) === local.get(name)) continue; // restic names files by content: same name, same bytes
    const bytes = Buffer.from(await Bun.file(join(dir, name)).arrayBuffer());
    await client.putObject(bucket, prefix + name, bytes, bytes.length);
    uploaded++;
  }
  for (const name of remote.keys()) {
    if (local.has(name)) continue;
    await client.removeObject(bucket, prefix + name);
    removed++;
  }
  console.log(`off-site: ${uploaded} files uploaded, ${removed} removed, ${local.size} in the repository`);
}

async function pull(dir: string): Promise<void> {
  const remote = await remoteFiles();
  if (remote.size === 0) {
    console.error(`no repository at ${bucket}/${prefix} on ${endpoint.origin}`);
    process.exit(NO_REPOSITORY);
  }
  for (const name of remote.keys()) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await client.fGetObject(bucket, prefix + name, path);
  }
  console.log(`off-site: ${remote.size} files downloaded`);
}

/** The exit status of `pull` when the bucket holds no repository yet (as opposed to a failure to reach it). */
const NO_REPOSITORY = 3;

const [command, dir] = process.argv.slice(2);
try {
  if (command === "push" && dir) await push(dir);
  else if (command === "pull" && dir) await pull(dir);
  else {
    console.error("usage: bun scripts/offsite-sync.ts push DIR | pull DIR");
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
