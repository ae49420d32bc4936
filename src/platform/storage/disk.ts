import { access, constants, mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { BUCKETS, type Bucket, type Storage, type StoredObject } from "./types";

/** Objects as plain files under `<root>/<bucket>/<key>`. */
export class DiskStorage implements Storage {
  readonly driver = "disk";
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async ensureBuckets(): Promise<void> {
    for (const bucket of Object.values(BUCKETS)) await mkdir(join(this.root, bucket), { recursive: true });
  }

  async checkBuckets(): Promise<void> {
    for (const bucket of Object.values(BUCKETS)) await access(join(this.root, bucket), constants.R_OK | constants.W_OK);
  }

  async put(bucket: Bucket, key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(bucket, key);
    await mkdir(dirname(path), { recursive: true });
    await Bun.write(path, bytes);
  }

  async get(bucket: Bucket, key: string): Promise<StoredObject | null> {
    const file = Bun.file(this.pathOf(bucket, key));
    if (!(await file.exists())) return null;
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { bytes, size: bytes.byteLength };
  }

  async remove(bucket: Bucket, key: string): Promise<void> {
    await rm(this.pathOf(bucket, key), { force: true });
  }

  /** Keys never escape their bucket folder, whatever they contain. */
  private pathOf(bucket: Bucket, key: string): string {
    const bucketRoot = join(this.root, bucket);
    const path = resolve(bucketRoot, key);
    if (!path.startsWith(bucketRoot + sep)) throw new Error(`Invalid object key: ${key}`);
    return path;
  }
}
