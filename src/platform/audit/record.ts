import { type Kysely, sql } from "kysely";
import type { Database } from "../db";
import type { AuditAction } from "./actions";
import { type ChainedFields, canonicalJson, cleanText, eventHash, type JsonValue, toAuditJson } from "./canonical";

export interface AuditEventInput {
  /** Null for platform-level events (outside any centre). */
  centreId: string | null;
  actor: { id: string | null; role: string | null };
  action: AuditAction;
  target?: { type: string; id: string };
  /** Snapshots of what changed; secrets (password, PIN, hash, token... keys) are redacted. */
  before?: unknown;
  after?: unknown;
  request: { ip: string; userAgent: string | null; requestId: string };
}

export interface RecordedAudit {
  id: string;
  hash: string;
  createdAt: Date;
}

/** Keeps one advisory-lock key space apart from any other user of pg_advisory_xact_lock. */
const AUDIT_LOCK_NAMESPACE = 0x41554454;
const PLATFORM_CHAIN = "platform";
const MAX_SNAPSHOT_CHARS = 32_000;

/**
 * Appends an event to its centre's hash chain, in one statement. Pass the transaction that makes
 * the privileged change, so the change and its audit row commit together or not at all; given
 * the plain pool, it opens a transaction of its own. The chain stays locked until that
 * transaction ends, so call it as the last write of the transaction.
 */
export async function recordAudit(executor: Kysely<Database>, event: AuditEventInput): Promise<RecordedAudit> {
  if (!executor.isTransaction) return executor.transaction().execute((trx) => appendToChain(trx, event));
  return appendToChain(executor, event);
}

/**
 * Stand-ins for the three values only known under the chain's lock, unique to this process so no
 * audited text can contain them: the row is serialised with them in place, then cut where they are.
 */
const SLOT_TAG = `\u0001audit-slot-${crypto.randomUUID()}`;
const SLOTS = { createdAt: `${SLOT_TAG}-created`, id: `${SLOT_TAG}-id`, prevHash: `${SLOT_TAG}-prev` };

/**
 * The row's canonical JSON in four pieces around its creation time, id and previous hash (in the
 * sorted order canonicalJson writes them), or null if the pieces cannot be cut cleanly.
 */
function chainPieces(fields: ChainedFields): [string, string, string, string] | null {
  const text = canonicalJson(fields as unknown as JsonValue);
  const cuts = [SLOTS.createdAt, SLOTS.id, SLOTS.prevHash].map((slot) => JSON.stringify(slot));
  const pieces: string[] = [];
  let rest = text;
  for (const cut of cuts) {
    const at = rest.indexOf(cut);
    if (at < 0 || rest.indexOf(cut, at + cut.length) >= 0) return null;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at + cut.length);
  }
  pieces.push(rest);
  return pieces as [string, string, string, string];
}

/**
 * One statement (audit_append, migration 0035): the database takes the chain's lock, reads its
 * head, fills in the time, id and previous hash, hashes and inserts. The lock is held from there
 * to the transaction's end, with no round trip to this process in between.
 */
async function appendToChain(trx: Kysely<Database>, event: AuditEventInput): Promise<RecordedAudit> {
  const fields = chainedFields(event, SLOTS.id, SLOTS.createdAt, SLOTS.prevHash);
  const pieces = chainPieces(fields);
  if (!pieces) return appendInTwo(trx, event);
  const { rows } = await sql<{ id: string; hash: string; created_at: Date }>`
    select id, hash, created_at from audit_append(
      ${AUDIT_LOCK_NAMESPACE}::int, ${event.centreId ?? PLATFORM_CHAIN}::text, ${event.centreId}::uuid,
      ${pieces[0]}::text, ${pieces[1]}::text, ${pieces[2]}::text, ${pieces[3]}::text,
      ${fields.actor_id}::uuid, ${fields.actor_role}::text, ${fields.action}::text, ${fields.target_type}::text,
      ${fields.target_id}::text, ${jsonText(fields.before)}::text, ${jsonText(fields.after)}::text,
      ${fields.ip}::text, ${fields.user_agent}::text, ${fields.request_id}::text)`.execute(trx);
  const row = rows[0]!;
  return { id: row.id, hash: row.hash, createdAt: row.created_at };
}

/** The row hashed here between the head's read and the insert: kept for a row whose pieces cannot be cut. */
async function appendInTwo(trx: Kysely<Database>, event: AuditEventInput): Promise<RecordedAudit> {
  const head = await lockedChainHead(trx, event.centreId);
  // Never earlier than the previous row, so time order and chain order agree even if clocks step back.
  const createdAt = new Date(Math.max(Date.now(), head.createdAt?.getTime() ?? 0));
  const fields = chainedFields(event, head.nextId, createdAt.toISOString(), head.hash);
  const hash = eventHash(fields);
  await trx
    .insertInto("audit_events")
    .values({
      ...fields,
      before: jsonb(fields.before),
      after: jsonb(fields.after),
      created_at: createdAt,
      hash,
    })
    .execute();
  return { id: fields.id, hash, createdAt };
}

/**
 * Appends many events of one centre to its chain in one go (a bulk import's per-person rows):
 * one lock, one read of the head, ids reserved together, hashes chained in memory, rows inserted
 * in batches. Same rows and same chain as calling recordAudit for each, in a fraction of the trips.
 * Must run in the transaction that makes the changes, as its last write to the chain.
 */
export async function recordAuditBatch(trx: Kysely<Database>, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  if (!trx.isTransaction) throw new Error("recordAuditBatch must run inside the transaction that makes the changes");
  const centreId = events[0]?.centreId ?? null;
  if (events.some((event) => event.centreId !== centreId))
    throw new Error("recordAuditBatch takes one centre's events");
  const head = await lockedChainHead(trx, centreId);
  const ids = [head.nextId, ...(await moreIds(trx, events.length - 1))].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  const createdAt = new Date(Math.max(Date.now(), head.createdAt?.getTime() ?? 0));
  let prevHash = head.hash;
  const rows = events.map((event, index) => {
    const fields = chainedFields(event, ids[index] as string, createdAt.toISOString(), prevHash);
    const hash = eventHash(fields);
    prevHash = hash;
    return { ...fields, before: jsonb(fields.before), after: jsonb(fields.after), created_at: createdAt, hash };
  });
  for (let start = 0; start < rows.length; start += AUDIT_BATCH_ROWS) {
    await trx
      .insertInto("audit_events")
      .values(rows.slice(start, start + AUDIT_BATCH_ROWS))
      .execute();
  }
}

/** Rows per insert: well under PostgreSQL's 65,535 parameters at 15 columns a row. */
const AUDIT_BATCH_ROWS = 1000;

async function moreIds(trx: Kysely<Database>, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const { rows } = await sql<{ id: string }>`
    select nextval(pg_get_serial_sequence('audit_events', 'id'))::text as id from generate_series(1, ${count})`.execute(
    trx,
  );
  return rows.map((row) => row.id);
}

interface ChainHead {
  nextId: string;
  hash: string | null;
  createdAt: Date | null;
}

/**
 * Serialises writers of one chain until the transaction ends, so two writers cannot fork it, and
 * reads the chain's head after the lock is granted, with the new row's id reserved: one round
 * trip (audit_chain_head, migration 0028: a PL/pgSQL function reads the head under a snapshot
 * taken after its lock, which a single plain statement could not).
 */
async function lockedChainHead(trx: Kysely<Database>, centreId: string | null): Promise<ChainHead> {
  const { rows } = await sql<{ next_id: string; hash: string | null; created_at: Date | null; isolation: string }>`
    select next_id, hash, created_at, isolation
    from audit_chain_head(${AUDIT_LOCK_NAMESPACE}::int, ${centreId ?? PLATFORM_CHAIN}::text, ${centreId}::uuid)`.execute(
    trx,
  );
  const row = rows[0]!;
  // Under a snapshot taken before the lock, the previous row could be invisible and the chain would fork.
  if (row.isolation !== "read committed") {
    throw new Error(`recordAudit needs a READ COMMITTED transaction, not ${row.isolation}`);
  }
  return { nextId: row.next_id, hash: row.hash, createdAt: row.created_at };
}

function chainedFields(event: AuditEventInput, id: string, createdAt: string, prevHash: string | null): ChainedFields {
  return {
    id,
    centre_id: event.centreId,
    actor_id: event.actor.id,
    actor_role: optionalText(event.actor.role, 40),
    action: event.action,
    target_type: optionalText(event.target?.type, 60),
    target_id: optionalText(event.target?.id, 200),
    before: snapshot(event.before),
    after: snapshot(event.after),
    ip: optionalText(event.request.ip, 64),
    user_agent: optionalText(event.request.userAgent, 512),
    request_id: cleanText(event.request.requestId, 128),
    created_at: createdAt,
    prev_hash: prevHash,
  };
}

function optionalText(value: string | null | undefined, maxLength: number): string | null {
  return value === null || value === undefined ? null : cleanText(value, maxLength);
}

/** A runaway snapshot must not bloat the log; the row records that it was left out. */
function snapshot(value: unknown): JsonValue {
  const json = toAuditJson(value);
  if (json === null) return null;
  const size = canonicalJson(json).length;
  return size > MAX_SNAPSHOT_CHARS ? { omitted: `snapshot of ${size} characters left out` } : json;
}

function jsonText(value: JsonValue): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Sent as text and parsed by PostgreSQL: the driver would encode a jsonb-typed string a second time. */
function jsonb(value: JsonValue) {
  return value === null ? null : sql<unknown>`cast(${JSON.stringify(value)}::text as jsonb)`;
}
