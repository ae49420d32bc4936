import type { Kysely, Selectable } from "kysely";
import type { AuditEventsTable, Database } from "../db/schema";
import { type ChainedFields, eventHash, type JsonValue } from "./canonical";
import type { PublishedHeadAt } from "./heads";

export interface BrokenLink {
  id: string;
  /**
   * "edited": the row no longer matches its hash. "unlinked": a row before it was deleted, inserted
   * or moved. Against published heads: "truncated": a published head row is gone; "rehashed": it
   * is there with another hash or at another position, so the chain was rewritten up to it.
   */
  reason: "edited" | "unlinked" | "truncated" | "rehashed";
  detail: string;
}

export interface ChainReport {
  /** Null for the platform-level chain. */
  centreId: string | null;
  rows: number;
  /** The last row's hash: worth writing down elsewhere, since cutting rows off the end leaves no gap to find. */
  headHash: string | null;
  /** The first broken row; later rows of a broken chain are not judged. */
  broken: BrokenLink | null;
  /** How many published heads of this chain were checked (see heads.ts). */
  headsChecked: number;
}

export interface VerifyOptions {
  /** One centre's chain; null for the platform chain; leave out for every chain. */
  centreId?: string | null;
  batchSize?: number;
  /** Heads published outside the database (loadPublishedHeads): each must still be in its chain, unchanged. */
  publishedHeads?: readonly PublishedHeadAt[];
}

type AuditRow = Selectable<AuditEventsTable>;

/** Walks every chain in id order (the order rows were chained in), recomputing each hash. */
export async function verifyAuditChains(db: Kysely<Database>, options: VerifyOptions = {}): Promise<ChainReport[]> {
  const chains = new Map<string | null, ChainReport>();
  if (options.centreId !== undefined) chains.set(options.centreId, emptyChain(options.centreId));
  const heads = headsById(options);
  for (const head of heads.values()) chainFor(chains, head.centreId);
  let lastId = "0";
  for (;;) {
    const rows = await batchAfter(db, lastId, options);
    for (const row of rows) {
      const chain = chainFor(chains, row.centre_id);
      checkRow(chain, row);
      const head = heads.get(row.id);
      if (head?.centreId === row.centre_id) {
        heads.delete(row.id);
        checkPublishedHead(chain, row, head);
      }
    }
    if (rows.length < (options.batchSize ?? 1000)) break;
    lastId = rows.at(-1)!.id;
  }
  // What is left was published but is no longer in its chain.
  for (const head of heads.values()) missingPublishedHead(chainFor(chains, head.centreId), head);
  return [...chains.values()];
}

/** The published heads of the chains being verified, by row id (the same head published twice counts once). */
function headsById(options: VerifyOptions): Map<string, PublishedHeadAt> {
  const heads = new Map<string, PublishedHeadAt>();
  for (const head of options.publishedHeads ?? []) {
    if (options.centreId !== undefined && head.centreId !== options.centreId) continue;
    if (!heads.has(head.id)) heads.set(head.id, head);
  }
  return heads;
}

function checkPublishedHead(chain: ChainReport, row: AuditRow, head: PublishedHeadAt): void {
  chain.headsChecked += 1;
  if (chain.broken) return;
  const published = `the head published at ${head.publishedAt}`;
  if (row.hash !== head.hash) {
    chain.broken = {
      id: row.id,
      reason: "rehashed",
      detail: `row ${row.id} has hash ${row.hash.slice(0, 12)}…, but ${published} says ${head.hash.slice(0, 12)}…: the chain was rewritten up to it`,
    };
  } else if (chain.rows !== head.sequence) {
    chain.broken = {
      id: row.id,
      reason: "rehashed",
      detail: `row ${row.id} is row ${chain.rows} of its chain, but ${published} says row ${head.sequence}: rows before it were deleted or inserted`,
    };
  }
}

function missingPublishedHead(chain: ChainReport, head: PublishedHeadAt): void {
  chain.headsChecked += 1;
  if (chain.broken) return;
  chain.broken = {
    id: head.id,
    reason: "truncated",
    detail: `row ${head.id} (row ${head.sequence} of the chain, published at ${head.publishedAt}) is gone: the chain was truncated to ${chain.rows} rows`,
  };
}

function batchAfter(db: Kysely<Database>, lastId: string, options: VerifyOptions): Promise<AuditRow[]> {
  const { centreId } = options;
  return db
    .selectFrom("audit_events")
    .selectAll()
    .where("id", ">", lastId)
    .$if(centreId === null, (q) => q.where("centre_id", "is", null))
    .$if(typeof centreId === "string", (q) => q.where("centre_id", "=", centreId!))
    .orderBy("id")
    .limit(options.batchSize ?? 1000)
    .execute();
}

function emptyChain(centreId: string | null): ChainReport {
  return { centreId, rows: 0, headHash: null, broken: null, headsChecked: 0 };
}

function chainFor(chains: Map<string | null, ChainReport>, centreId: string | null): ChainReport {
  let chain = chains.get(centreId);
  if (!chain) {
    chain = emptyChain(centreId);
    chains.set(centreId, chain);
  }
  return chain;
}

function checkRow(chain: ChainReport, row: AuditRow): void {
  const expectedPrev = chain.headHash;
  chain.rows += 1;
  chain.headHash = row.hash;
  if (chain.broken) return;
  if (row.prev_hash !== expectedPrev) {
    chain.broken = {
      id: row.id,
      reason: "unlinked",
      detail: `row ${row.id} does not follow the row before it: a row was deleted, inserted or moved`,
    };
  } else if (eventHash(chainedFieldsOf(row)) !== row.hash) {
    chain.broken = { id: row.id, reason: "edited", detail: `row ${row.id} was changed after it was written` };
  }
}

/** The hashed fields of a stored row, as the writer hashed them. */
export function chainedFieldsOf(row: AuditRow): ChainedFields {
  return {
    id: row.id,
    centre_id: row.centre_id,
    actor_id: row.actor_id,
    actor_role: row.actor_role,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    before: row.before as JsonValue,
    after: row.after as JsonValue,
    ip: row.ip,
    user_agent: row.user_agent,
    request_id: row.request_id,
    created_at: row.created_at.toISOString(),
    prev_hash: row.prev_hash,
  };
}

export function chainsAreIntact(reports: ChainReport[]): boolean {
  return reports.every((report) => report.broken === null);
}
