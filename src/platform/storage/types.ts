/** The four buckets of the infrastructure specification, plus where weekly database backups go. */
export const BUCKETS = {
  documents: "aetherlearn-documents",
  content: "aetherlearn-content",
  avatars: "aetherlearn-avatars",
  exports: "aetherlearn-exports",
  backups: "aetherlearn-backups",
} as const;
export type Bucket = (typeof BUCKETS)[keyof typeof BUCKETS];

export function isBucket(name: string): name is Bucket {
  return (Object.values(BUCKETS) as string[]).includes(name);
}

/** Signed URLs live an hour unless the caller asks for less (or more). */
export const DEFAULT_URL_EXPIRY_SECONDS = 60 * 60;
/** The largest object any upload may create; per-kind limits in the files module are lower. */
export const MAX_OBJECT_BYTES = 256 * 1024 * 1024;
/** A form post carries its file with a few fields and the multipart framing around them. */
export const MULTIPART_ROOM_BYTES = 1024 * 1024;

export interface StoredObject {
  bytes: Uint8Array;
  size: number;
}

/** What a listing tells about each object. */
export interface ListedObject {
  key: string;
  size: number;
  /** S3's ETag; the disk driver derives one from size and modification time. */
  etag: string;
  lastModified: Date;
}

export interface ObjectInfo extends ListedObject {
  contentType: string;
}

export interface SignedUrlOptions {
  /** The acting centre: the key must lie in its namespace, and disk URLs carry it in the signature. */
  centreId: string;
  expiresInSeconds?: number;
  /** When the URL is signed; tests sign in the past to get an expired URL. */
  signedAt?: Date;
}

export interface SignedGetOptions extends SignedUrlOptions {
  /** Served as the response's Content-Type (S3's response-content-type). */
  contentType?: string;
  /** Offered as the download's file name (Content-Disposition: attachment). */
  downloadName?: string;
}

export type StorageDriver = "disk" | "s3";

/** One interface, several drivers: the disk default for a small centre, S3/MinIO in production. */
export interface Storage {
  readonly driver: StorageDriver;
  ensureBuckets(): Promise<void>;
  /** Proves every bucket is reachable; throws with the reason otherwise. */
  checkBuckets(): Promise<void>;
  put(bucket: Bucket, key: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  /**
   * Stores a stream without holding it in memory (generated exports); returns its size. Fails,
   * storing nothing, when the stream holds more than `maxBytes`.
   */
  putStream(
    bucket: Bucket,
    key: string,
    body: ReadableStream<Uint8Array>,
    maxBytes: number,
    contentType?: string,
  ): Promise<number>;
  get(bucket: Bucket, key: string): Promise<StoredObject | null>;
  /** The object as a stream, for files too large to hold in memory. */
  getStream(bucket: Bucket, key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** The first `length` bytes (fewer if the object is shorter), for sniffing a file's type. */
  getHead(bucket: Bucket, key: string, length: number): Promise<Uint8Array | null>;
  stat(bucket: Bucket, key: string): Promise<ObjectInfo | null>;
  /** Every object whose key starts with the prefix, in pages, for orphan cleanup. */
  list(bucket: Bucket, prefix: string): AsyncIterable<ListedObject>;
  remove(bucket: Bucket, key: string): Promise<void>;
  /**
   * Renames an object within its bucket, setting its content type. Direct uploads are moved out
   * of reach of their still-valid PUT URL before they are checked, so what was checked stays put.
   */
  move(bucket: Bucket, fromKey: string, toKey: string, contentType: string): Promise<void>;
  /** A URL that lets a plain HTTP PUT create the object, without credentials. */
  presignedPutUrl(bucket: Bucket, key: string, options: SignedUrlOptions): Promise<string>;
  presignedGetUrl(bucket: Bucket, key: string, options: SignedGetOptions): Promise<string>;
}
