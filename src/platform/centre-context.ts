import { AsyncLocalStorage } from "node:async_hooks";
import { db } from "./db";
import { effectiveFlags } from "./features";
import { isLocale, SOURCE_LOCALE } from "./i18n";
import { log } from "./log";
import type { Actor, AuditRequest, CentreContext } from "./principal";
import { redis } from "./redis";
import { type CentreId, trustedCentreId } from "./tenancy";

/** The centre's row as a request sees it: one primary-key lookup. */
export async function loadCentreContext(centreId: CentreId): Promise<CentreContext | null> {
  const row = await db
    .selectFrom("centres")
    .where("id", "=", centreId)
    .select(["id", "name", "slug", "logo_file_id", "time_zone", "locale", "feature_flags"])
    .executeTakeFirst();
  if (!row) return null;
  return Object.freeze({
    id: trustedCentreId(row.id),
    name: row.name,
    slug: row.slug,
    logoFileId: row.logo_file_id,
    timeZone: row.time_zone,
    locale: isLocale(row.locale) ? row.locale : SOURCE_LOCALE,
    features: Object.freeze(effectiveFlags(row.feature_flags)),
  });
}

/**
 * Every change to a centre's row bumps its version in Redis; every request reads that version in
 * the same round trip as its session (src/platform/http/access-round.ts), so a web process keeps
 * its copy of the centre only while the version it holds is still current: a changed time zone or
 * flag applies to the very next request on every web process, with no Postgres read per request.
 */
export const centreVersionKey = (centreId: string) => `aetherlearn:centre-version:${centreId}`;

/** A copy is also dropped after this long, in case a change was ever written without being announced. */
const CENTRE_COPY_MS = 30_000;
const CENTRE_COPIES = 1000;
const copies = new Map<string, { version: string; context: CentreContext; readAt: number }>();

/**
 * The centre a request acts in, given the version read with its session: this process's copy when
 * that version still stands, else a fresh read. Without a version (Redis unreachable), always fresh.
 */
export async function centreContextAt(centreId: CentreId, version: string | null): Promise<CentreContext | null> {
  if (version === null) return loadCentreContext(centreId);
  const copy = copies.get(centreId);
  if (copy && copy.version === version && Date.now() - copy.readAt < CENTRE_COPY_MS) return copy.context;
  // Read before the row: a change landing in between leaves a copy under the old version, refreshed next time.
  const readAt = Date.now();
  const context = await loadCentreContext(centreId);
  copies.delete(centreId);
  if (context) copies.set(centreId, { version, context, readAt });
  if (copies.size > CENTRE_COPIES) copies.delete(copies.keys().next().value as string);
  return context;
}

/** The centres' versions read by the unit of work running (withCentreVersionsOnce), by centre. */
const versionsRead = new AsyncLocalStorage<Map<string, Promise<string | null>>>();

/**
 * Runs `work` reading each centre's version at most once, on its first use: for a short unit of
 * work that uses the same centre many times (an event's handlers: a note and its push, an award,
 * a live count each asked for it, one GET each). A change announced while it runs applies from
 * the next unit, as one announced just after the GET would have.
 */
export function withCentreVersionsOnce<T>(work: () => Promise<T>): Promise<T> {
  return versionsRead.run(new Map(), work);
}

function readCentreVersion(centreId: CentreId): Promise<string | null> {
  return redis.get(centreVersionKey(centreId)).then(
    (value) => value ?? "0",
    () => null,
  );
}

/**
 * The centre for code outside any request (the worker's event handlers, rendering for a reader
 * after a commit): this process's copy while the centre's version in Redis still stands (one GET,
 * no PostgreSQL read per event; one per unit of work inside withCentreVersionsOnce), else a fresh
 * read. Redis unreachable: always fresh.
 */
export async function currentCentreContext(centreId: CentreId): Promise<CentreContext | null> {
  const read = versionsRead.getStore();
  let version = read?.get(centreId);
  if (version === undefined) {
    version = readCentreVersion(centreId);
    read?.set(centreId, version);
  }
  return centreContextAt(centreId, await version);
}

/**
 * Announces a change to a centre's row (name, address, logo, time zone, language, flags, settings)
 * after its transaction commits. Every writer of the centres table calls it.
 */
export async function announceCentreChange(centreId: string): Promise<void> {
  await redis
    .incr(centreVersionKey(centreId))
    .catch((error) =>
      log.warn({ err: error instanceof Error ? error.message : error, centreId }, "centre change not announced"),
    );
}

/**
 * Where a page finds a centre's logo: a stable public address of the centre's own (a signed link
 * would expire in a cached page or an email), versioned by the file so a new logo shows at once.
 */
export function logoPathOf(centre: { slug: string; logoFileId: string | null }): string | null {
  return centre.logoFileId ? `/c/${centre.slug}/logo?v=${centre.logoFileId.slice(0, 8)}` : null;
}

/**
 * An actor outside any HTTP request (seeding, scripts, tests), with the centre read as the guard
 * reads it for a request.
 */
export async function actorInCentre(
  person: Pick<Actor, "userId" | "role" | "name">,
  centreId: CentreId,
  request: AuditRequest,
): Promise<Actor> {
  const centre = await loadCentreContext(centreId);
  if (!centre) throw new Error(`No centre ${centreId}`);
  return { userId: person.userId, role: person.role, name: person.name, centreId: centre.id, centre, request };
}
