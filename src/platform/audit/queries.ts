import { type Kysely, sql } from "kysely";
import type { Database } from "../db";
import { escapeLike } from "../db/like";
import type { CentreId } from "../tenancy";
import type { AuditAction } from "./actions";

export interface AuditFilters {
  action?: AuditAction;
  actorId?: string;
  /** Part of the actor's name, case-insensitive. */
  actorName?: string;
  targetType?: string;
  targetId?: string;
  /** Calendar dates (YYYY-MM-DD, already validated), inclusive, in `timeZone`. */
  from?: string;
  to?: string;
  /** The centre's time zone, which turns the dates above into instants. */
  timeZone?: string;
}

/** A position in the log: the (created_at, id) of the row a page ended or started at. */
export interface AuditCursor {
  createdAt: Date;
  id: string;
}

export interface AuditPageRequest {
  limit: number;
  /** "older" continues after the cursor going back in time; "newer" goes the other way. */
  cursor?: { direction: "older" | "newer"; at: AuditCursor };
}

export interface AuditLogEntry {
  id: string;
  createdAt: Date;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface AuditLogPage {
  /** Newest first. */
  entries: AuditLogEntry[];
  /** Cursor tokens for the neighbouring pages, or null at either end. */
  older: string | null;
  newer: string | null;
}

/** One page of a centre's audit log, newest first, in a stable (created_at, id) order. */
export async function auditEventsForCentre(
  db: Kysely<Database>,
  centreId: CentreId,
  filters: AuditFilters,
  page: AuditPageRequest,
): Promise<AuditLogPage> {
  const newer = page.cursor?.direction === "newer";
  let query = filteredQuery(db, centreId, filters);
  if (page.cursor) {
    const { createdAt, id } = page.cursor.at;
    query = query.where(sql<boolean>`(e.created_at, e.id) ${sql.raw(newer ? ">" : "<")} (${createdAt}, ${id}::bigint)`);
  }
  const direction = newer ? "asc" : "desc";
  const rows = await query
    .orderBy("e.created_at", direction)
    .orderBy("e.id", direction)
    .limit(page.limit + 1)
    .execute();
  const hasMore = rows.length > page.limit;
  const entries = rows.slice(0, page.limit);
  if (newer) entries.reverse();
  const first = entries[0];
  const last = entries.at(-1);
  const moreOlder = newer ? Boolean(page.cursor) : hasMore;
  const moreNewer = newer ? hasMore : Boolean(page.cursor);
  return {
    entries,
    older: moreOlder && last ? encodeAuditCursor(last) : null,
    newer: moreNewer && first ? encodeAuditCursor(first) : null,
  };
}

function filteredQuery(db: Kysely<Database>, centreId: CentreId, filters: AuditFilters) {
  const { action, actorId, actorName, targetType, targetId, from, to, timeZone = "UTC" } = filters;
  return db
    .selectFrom("audit_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .where("e.centre_id", "=", centreId)
    .$if(Boolean(action), (q) => q.where("e.action", "=", action!))
    .$if(Boolean(actorId), (q) => q.where("e.actor_id", "=", actorId!))
    .$if(Boolean(actorName), (q) => q.where(sql<boolean>`u.name ilike ${`%${escapeLike(actorName!)}%`}`))
    .$if(Boolean(targetType), (q) => q.where("e.target_type", "=", targetType!))
    .$if(Boolean(targetId), (q) => q.where("e.target_id", "=", targetId!))
    .$if(Boolean(from), (q) => q.where(sql<boolean>`e.created_at >= ${from}::date::timestamp at time zone ${timeZone}`))
    .$if(Boolean(to), (q) =>
      q.where(sql<boolean>`e.created_at < (${to}::date + 1)::timestamp at time zone ${timeZone}`),
    )
    .select([
      "e.id",
      "e.created_at as createdAt",
      "e.action",
      "e.actor_id as actorId",
      "e.actor_role as actorRole",
      "u.name as actorName",
      "e.target_type as targetType",
      "e.target_id as targetId",
      "e.before",
      "e.after",
      "e.ip",
      "e.user_agent as userAgent",
      "e.request_id as requestId",
    ]);
}

/** A cursor token for links: milliseconds since the epoch and the row id, e.g. `1718000000123.42`. */
export function encodeAuditCursor(entry: { createdAt: Date; id: string }): string {
  return `${entry.createdAt.getTime()}.${entry.id}`;
}

export function parseAuditCursor(token: string): AuditCursor | null {
  const match = /^(\d{1,15})\.(\d{1,18})$/.exec(token);
  if (!match) return null;
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}
