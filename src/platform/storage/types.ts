/** The four buckets of the infrastructure specification. */
export const BUCKETS = {
  documents: "aetherlearn-documents",
  content: "aetherlearn-content",
  avatars: "aetherlearn-avatars",
  exports: "aetherlearn-exports",
} as const;
export type Bucket = (typeof BUCKETS)[keyof typeof BUCKETS];

export interface StoredObject {
  bytes: Uint8Array;
  size: number;
}

/** One interface, several drivers: the disk default for a small centre, S3/MinIO in production. */
export interface Storage {
  readonly driver: string;
  ensureBuckets(): Promise<void>;
  /** Proves every bucket is reachable; throws with the reason otherwise. */
  checkBuckets(): Promise<void>;
  put(bucket: Bucket, key: string, bytes: Uint8Array): Promise<void>;
  get(bucket: Bucket, key: string): Promise<StoredObject | null>;
  remove(bucket: Bucket, key: string): Promise<void>;
}
