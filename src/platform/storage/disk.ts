import { access, constants, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { assertKeyInCentre } from "./keys";
import { type SignedMethod, signUrl, type VerifiedRequest, verifySignedUrl } from "./signed-url";
import { SNIFF_BYTES, sniffContentType } from "./sniff";
import { writeStreamToFile } from "./spool";
import {
  BUCKETS,
  type Bucket,
  type ListedObject,
  type ObjectInfo,
  type SignedGetOptions,
  type SignedUrlOptions,
  type Storage,
  type StoredObject,
} from "./types";

export interface DiskStorageOptions {
  root: string;
  /** Where the app serves `/storage/...` (PUBLIC_URL), so signed URLs are absolute. */
  baseUrl: string;
  signingSecret: string;
}

/**
 * Objects as plain files under `<root>/<bucket>/<key>`. Signed URLs are HMAC-signed app URLs,
 * served by diskStorageRoutes. The disk keeps no content type: stat sniffs it from the bytes.
 */
export class DiskStorage implements Storage {
  readonly driver = "disk";
  private readonly root: string;
  private readonly baseUrl: string;
  private readonly signingSecret: string;

  constructor(options: DiskStorageOptions) {
    this.root = resolve(options.root);
    this.baseUrl = options.baseUrl;
    this.signingSecret = options.signingSecret;
  }

  async ensureBuckets(): Promise<void> {
    for (const bucket of Object.values(BUCKETS)) await mkdir(join(this.root, bucket), { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  async checkBuckets(): Promise<void> {
    for (const bucket of Object.values(BUCKETS)) await access(join(this.root, bucket), constants.R_OK | constants.W_OK);
  }

  async put(bucket: Bucket, key: string, bytes: Uint8Array): Promise<void> {
    await this.writeAtomically(bucket, key, (path) => Bun.write(path, bytes));
  }

  /** Writes the whole stream, or nothing; fails when it holds more than `maxBytes`. The disk keeps no content type. */
  async putStream(bucket: Bucket, key: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<number> {
    let written = 0;
    await this.writeAtomically(bucket, key, async (path) => {
      written = await writeStreamToFile(path, body, maxBytes);
    });
    return written;
  }

  async get(bucket: Bucket, key: string): Promise<StoredObject | null> {
    const file = Bun.file(this.pathOf(bucket, key));
    if (!(await file.exists())) return null;
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { bytes, size: bytes.byteLength };
  }

  async getStream(bucket: Bucket, key: string): Promise<ReadableStream<Uint8Array> | null> {
    const file = Bun.file(this.pathOf(bucket, key));
    return (await file.exists()) ? file.stream() : null;
  }

  async getHead(bucket: Bucket, key: string, length: number): Promise<Uint8Array | null> {
    const file = Bun.file(this.pathOf(bucket, key));
    if (!(await file.exists())) return null;
    return new Uint8Array(await file.slice(0, length).arrayBuffer());
  }

  async stat(bucket: Bucket, key: string): Promise<ObjectInfo | null> {
    const listed = await this.describe(bucket, key);
    if (!listed) return null;
    const head = await this.getHead(bucket, key, SNIFF_BYTES);
    return { ...listed, contentType: (head && sniffContentType(head)) || "application/octet-stream" };
  }

  private async describe(bucket: Bucket, key: string): Promise<ListedObject | null> {
    const info = await stat(this.pathOf(bucket, key)).catch(() => null);
    if (!info?.isFile()) return null;
    const etag = `${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}`;
    return { key, size: info.size, etag, lastModified: info.mtime };
  }

  async *list(bucket: Bucket, prefix: string): AsyncIterable<ListedObject> {
    const bucketRoot = join(this.root, bucket);
    // Walk only the deepest folder the prefix names in full.
    const start = this.pathOf(bucket, prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/") + 1) : ".");
    const entries = await readdir(start, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = relative(bucketRoot, join(entry.parentPath, entry.name)).split(sep).join("/");
      if (!key.startsWith(prefix)) continue;
      const listed = await this.describe(bucket, key);
      if (listed) yield listed;
    }
  }

  async remove(bucket: Bucket, key: string): Promise<void> {
    await rm(this.pathOf(bucket, key), { force: true });
  }

  async move(bucket: Bucket, fromKey: string, toKey: string): Promise<void> {
    const target = this.pathOf(bucket, toKey);
    await mkdir(dirname(target), { recursive: true });
    await rename(this.pathOf(bucket, fromKey), target);
  }

  async presignedPutUrl(bucket: Bucket, key: string, options: SignedUrlOptions): Promise<string> {
    return this.sign("PUT", bucket, key, options);
  }

  async presignedGetUrl(bucket: Bucket, key: string, options: SignedGetOptions): Promise<string> {
    return this.sign("GET", bucket, key, options);
  }

  verify(method: string, url: URL, now?: Date): VerifiedRequest {
    return verifySignedUrl(this.signingSecret, method, url, now);
  }

  private sign(method: SignedMethod, bucket: Bucket, key: string, options: SignedGetOptions): string {
    assertKeyInCentre(key, options.centreId);
    return signUrl(this.signingSecret, this.baseUrl, method, bucket, key, options);
  }

  private get tmpDir(): string {
    return join(this.root, ".tmp");
  }

  /** Readers never see half a file: write beside the buckets, then rename into place. */
  private async writeAtomically(bucket: Bucket, key: string, write: (path: string) => Promise<unknown>) {
    const path = this.pathOf(bucket, key);
    const tmp = join(this.tmpDir, crypto.randomUUID());
    await mkdir(this.tmpDir, { recursive: true });
    try {
      await write(tmp);
      await mkdir(dirname(path), { recursive: true });
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Keys never escape their bucket folder, whatever they contain. */
  private pathOf(bucket: Bucket, key: string): string {
    const bucketRoot = join(this.root, bucket);
    const path = resolve(bucketRoot, key);
    if (path !== bucketRoot && !path.startsWith(bucketRoot + sep)) throw new Error(`Invalid object key: ${key}`);
    return path;
  }
}
