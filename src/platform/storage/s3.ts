import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Client, CopyDestinationOptions, CopySourceOptions } from "minio";
import { attachment } from "./content-disposition";
import { assertKeyInCentre } from "./keys";
import { writeStreamToFile } from "./spool";
import {
  BUCKETS,
  type Bucket,
  DEFAULT_URL_EXPIRY_SECONDS,
  type ListedObject,
  type ObjectInfo,
  type SignedGetOptions,
  type SignedUrlOptions,
  type Storage,
  type StoredObject,
} from "./types";

export interface S3StorageOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  pathStyle: boolean;
  /** Where putStream spools a stream before uploading it (the system temp folder unless given). */
  spoolDir?: string;
}

/** A streamed upload's presigned PUT only has to outlive the upload itself. */
const SPOOLED_PUT_EXPIRY_SECONDS = 15 * 60;

const MISSING = new Set(["NoSuchKey", "NotFound", "NoSuchObject"]);

function isMissing(error: unknown): boolean {
  return MISSING.has((error as { code?: string } | null)?.code ?? "");
}

async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function collect(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** An S3-compatible service through the minio client: MinIO in production, AWS S3, R2, Swift's s3api. */
export class S3Storage implements Storage {
  readonly driver = "s3";
  private readonly client: Client;
  private readonly region: string;
  private readonly spoolDir: string;

  constructor(options: S3StorageOptions) {
    this.spoolDir = options.spoolDir ?? join(tmpdir(), "aetherlearn-spool");
    const endpoint = new URL(options.endpoint);
    const useSSL = endpoint.protocol === "https:";
    this.region = options.region;
    this.client = new Client({
      endPoint: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: options.pathStyle,
      // Callers (requests, jobs) retry on their own terms; a hidden retry only delays the error.
      retryOptions: { disableRetry: true },
    });
  }

  async ensureBuckets(): Promise<void> {
    for (const bucket of Object.values(BUCKETS)) {
      if (await this.client.bucketExists(bucket)) continue;
      // Several web processes start at once: another may create the bucket between the check and here.
      await this.client.makeBucket(bucket, this.region).catch((error: { code?: string }) => {
        if (error.code !== "BucketAlreadyOwnedByYou") throw error;
      });
    }
  }

  async checkBuckets(): Promise<void> {
    const present = await Promise.all(Object.values(BUCKETS).map((bucket) => this.client.bucketExists(bucket)));
    const missing = Object.values(BUCKETS).filter((_, index) => !present[index]);
    if (missing.length > 0) throw new Error(`missing buckets: ${missing.join(", ")}`);
  }

  async put(bucket: Bucket, key: string, bytes: Uint8Array, contentType = "application/octet-stream"): Promise<void> {
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.client.putObject(bucket, key, body, body.byteLength, { "Content-Type": contentType });
  }

  /**
   * S3 needs a length up front or a multipart upload, and minio's multipart path buffers whole
   * parts (up to hundreds of MB for an unknown size) and needs multipart support from the service.
   * So the stream is spooled to a local file, then sent as one streamed PUT of known length.
   */
  async putStream(
    bucket: Bucket,
    key: string,
    body: ReadableStream<Uint8Array>,
    maxBytes: number,
    contentType = "application/octet-stream",
  ): Promise<number> {
    await mkdir(this.spoolDir, { recursive: true });
    const spool = join(this.spoolDir, crypto.randomUUID());
    try {
      const size = await writeStreamToFile(spool, body, maxBytes);
      const url = await this.client.presignedUrl("PUT", bucket, key, SPOOLED_PUT_EXPIRY_SECONDS);
      const response = await fetch(url, {
        method: "PUT",
        body: Bun.file(spool),
        headers: { "content-type": contentType },
      });
      if (!response.ok) throw new Error(`S3 PUT of ${key} failed: ${response.status} ${await response.text()}`);
      return size;
    } finally {
      await rm(spool, { force: true });
    }
  }

  async get(bucket: Bucket, key: string): Promise<StoredObject | null> {
    const stream = await orNull(this.client.getObject(bucket, key));
    if (!stream) return null;
    const bytes = await collect(stream);
    return { bytes, size: bytes.byteLength };
  }

  async getStream(bucket: Bucket, key: string): Promise<ReadableStream<Uint8Array> | null> {
    const stream = await orNull(this.client.getObject(bucket, key));
    return stream ? (Readable.toWeb(stream) as ReadableStream<Uint8Array>) : null;
  }

  async getHead(bucket: Bucket, key: string, length: number): Promise<Uint8Array | null> {
    const info = await this.stat(bucket, key);
    if (!info) return null;
    // A range past the end of the object is an error in S3; an empty object has no head.
    if (info.size === 0) return new Uint8Array();
    const stream = await orNull(this.client.getPartialObject(bucket, key, 0, Math.min(length, info.size)));
    return stream ? collect(stream) : null;
  }

  async stat(bucket: Bucket, key: string): Promise<ObjectInfo | null> {
    const info = await orNull(this.client.statObject(bucket, key));
    if (!info) return null;
    const contentType = String(info.metaData["content-type"] ?? "application/octet-stream");
    return { key, size: info.size, etag: info.etag, contentType, lastModified: info.lastModified };
  }

  async *list(bucket: Bucket, prefix: string): AsyncIterable<ListedObject> {
    for await (const item of this.client.listObjectsV2(bucket, prefix, true)) {
      if (item.name) yield { key: item.name, size: item.size, etag: item.etag, lastModified: item.lastModified };
    }
  }

  async remove(bucket: Bucket, key: string): Promise<void> {
    await this.client.removeObject(bucket, key);
  }

  async move(bucket: Bucket, fromKey: string, toKey: string, contentType: string): Promise<void> {
    await this.client.copyObject(
      new CopySourceOptions({ Bucket: bucket, Object: fromKey }),
      new CopyDestinationOptions({
        Bucket: bucket,
        Object: toKey,
        MetadataDirective: "REPLACE",
        Headers: { "Content-Type": contentType },
      }),
    );
    await this.client.removeObject(bucket, fromKey);
  }

  async presignedPutUrl(bucket: Bucket, key: string, options: SignedUrlOptions): Promise<string> {
    assertKeyInCentre(key, options.centreId);
    return this.client.presignedUrl("PUT", bucket, key, expiry(options), {}, options.signedAt ?? new Date());
  }

  async presignedGetUrl(bucket: Bucket, key: string, options: SignedGetOptions): Promise<string> {
    assertKeyInCentre(key, options.centreId);
    const overrides: Record<string, string> = {};
    if (options.contentType) overrides["response-content-type"] = options.contentType;
    if (options.downloadName) overrides["response-content-disposition"] = attachment(options.downloadName);
    return this.client.presignedUrl("GET", bucket, key, expiry(options), overrides, options.signedAt ?? new Date());
  }
}

function expiry(options: SignedUrlOptions): number {
  return options.expiresInSeconds ?? DEFAULT_URL_EXPIRY_SECONDS;
}
