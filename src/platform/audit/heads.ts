import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Database } from "../db";
import { BUCKETS, type Storage } from "../storage";

/**
 * Chain heads published outside the database. A hash chain shows an edited or deleted row in
 * its middle, but not rows cut off its end, nor a chain re-hashed from an edited row onwards by
 * someone with the table owner's rights. Each head written down elsewhere pins the chain up to
 * it: `bun run audit:verify` then finds both. Rows written after the last publication are
 * not covered, so the gap is at most one interval.
 */
export const AUDIT_HEADS_PUBLISH_EVERY_MINUTES = 10;
/** Beside the off-site database backups, under a prefix of their own; never overwritten. */
export const AUDIT_HEADS_BUCKET = BUCKETS.backups;
export const AUDIT_HEADS_PREFIX = "audit-heads/";

export interface PublishedHead {
  /** Null for the platform-level chain. */
  centreId: string | null;
  /** The head row's id and hash, and its 1-based position in its chain. */
  id: string;
  hash: string;
  sequence: number;
  /** When the head row was written. */
  createdAt: string;
}

const headsDocument = z.object({
  version: z.literal(1),
  publishedAt: z.string(),
  heads: z.array(
    z.object({
      centreId: z.uuid().nullable(),
      id: z.string().regex(/^\d{1,19}$/),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      sequence: z.number().int().min(1),
      createdAt: z.string(),
    }),
  ),
});

/** Each chain's last row and how many rows lead up to it. */
export async function currentAuditHeads(db: Kysely<Database>): Promise<PublishedHead[]> {
  const { rows } = await sql<{ centre_id: string | null; id: string; hash: string; rows: string; created_at: Date }>`
    -- Ordered by the bigint id, not the text alias of the same name.
    select distinct on (centre_id) centre_id, id::text as id, hash, created_at,
      count(*) over (partition by centre_id)::text as rows
    from audit_events order by audit_events.centre_id, audit_events.id desc`.execute(db);
  return rows.map((row) => ({
    centreId: row.centre_id,
    id: row.id,
    hash: row.hash,
    sequence: Number(row.rows),
    createdAt: row.created_at.toISOString(),
  }));
}

/** A key that sorts by time and is never reused, so no publication replaces another. */
export function auditHeadsKey(publishedAt: Date): string {
  const stamp = publishedAt.toISOString().replace(/[-:]/g, "");
  return `${AUDIT_HEADS_PREFIX}${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp}-${crypto.randomUUID().slice(0, 8)}.json`;
}

export interface PublishResult {
  /** The object written, or null when no chain had moved since `previous`. */
  key: string | null;
  /** Every chain's head now: pass it back as `previous` next time. */
  heads: PublishedHead[];
}

/**
 * Writes the heads of the chains that moved since `previous` (all of them when it is empty, as
 * after a worker restart) as one new timestamped object.
 */
export async function publishAuditHeads(
  db: Kysely<Database>,
  storage: Storage,
  options: { previous?: readonly PublishedHead[]; now?: Date } = {},
): Promise<PublishResult> {
  const heads = await currentAuditHeads(db);
  const known = new Set((options.previous ?? []).map((head) => `${head.centreId}:${head.id}:${head.hash}`));
  const moved = heads.filter((head) => !known.has(`${head.centreId}:${head.id}:${head.hash}`));
  if (moved.length === 0) return { key: null, heads };
  const now = options.now ?? new Date();
  const key = auditHeadsKey(now);
  const document = { version: 1, publishedAt: now.toISOString(), heads: moved };
  await storage.put(AUDIT_HEADS_BUCKET, key, new TextEncoder().encode(JSON.stringify(document)), "application/json");
  return { key, heads };
}

export interface PublishedHeadAt extends PublishedHead {
  publishedAt: string;
  key: string;
}

/** Every head ever published, oldest publication first; an unreadable object is an error, not a skip. */
export async function loadPublishedHeads(storage: Storage): Promise<PublishedHeadAt[]> {
  const keys: string[] = [];
  for await (const object of storage.list(AUDIT_HEADS_BUCKET, AUDIT_HEADS_PREFIX)) keys.push(object.key);
  keys.sort();
  const heads: PublishedHeadAt[] = [];
  for (const key of keys) {
    const object = await storage.get(AUDIT_HEADS_BUCKET, key);
    if (!object) throw new Error(`published audit heads ${key} vanished while being read`);
    const parsed = headsDocument.safeParse(parseJson(new TextDecoder().decode(object.bytes)));
    if (!parsed.success) throw new Error(`published audit heads ${key} are not in the expected form`);
    for (const head of parsed.data.heads) heads.push({ ...head, publishedAt: parsed.data.publishedAt, key });
  }
  return heads;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The worker's repeatable job: remembers what it published, so unchanged chains are not written again. */
export function auditHeadsPublisher(db: Kysely<Database>, storage: Storage): () => Promise<PublishResult> {
  let previous: PublishedHead[] = [];
  return async () => {
    const result = await publishAuditHeads(db, storage, { previous });
    previous = result.heads;
    return result;
  };
}
