import { AsyncLocalStorage } from "node:async_hooks";
import type { Redis } from "ioredis";
import { log } from "./log";

/**
 * Short-lived read caches in Redis (dashboard figures, rendered markbooks), shared by every web
 * process. A cached value names the parts of a centre it shows (a student, a class, a tutor's
 * work, the centre's aggregates); each part has a version, and the value's key holds the versions
 * of its parts, so a write that bumps a part makes exactly the values that show it stale. Every
 * key also holds the centre's own version ("all"), bumped by rare writes that change everything
 * (settings, names) or that did not say what they changed. Where invalidation happens and why:
 * docs/performance.md.
 */
export type CachePart =
  /** A student's own figures: their dashboard with its XP, their parents' view of them. */
  | `student:${string}`
  /** A class's grid (the markbook): marks, hand-ins, overrides, members, its homework. */
  | `class:${string}`
  /** A tutor's dashboard: their classes' sessions today, marking queue and students of concern. */
  | `tutor:${string}`
  /** The centre's whole marking queue (head tutors see its count). */
  | "queue"
  /** The centre's aggregates (admin dashboard: sessions today, attendance rate, overdue work). */
  | "centre"
  /** The centre's and its classes' leaderboards (every award moves them). */
  | "board"
  /** The centre's announcements (posted, deleted): the home page's list of each person they reached. */
  | "announcements"
  /** What one person has read of them (the home page lists unread ones first). */
  | `reader:${string}`;

export const cachePart = {
  student: (id: string): CachePart => `student:${id}`,
  class: (id: string): CachePart => `class:${id}`,
  tutor: (id: string): CachePart => `tutor:${id}`,
  reader: (id: string): CachePart => `reader:${id}`,
};

const ALL = "all";
/** Versions live as long as a week without writes: far longer than any cached value. */
const VERSIONS_TTL_SECONDS = 7 * 24 * 3600;
const versionsKey = (centreId: string) => `aetherlearn:cache-parts:${centreId}`;

/**
 * One round trip for a hit: the parts' versions make the key, and the value under it is read in
 * the same script. Returns the key (for the SET on a miss) and the value or nil. The value's key
 * is built inside the script, so this assumes one Redis (or a primary with replicas), not a cluster.
 */
const READ = `
local versions = redis.call('HMGET', KEYS[1], unpack(ARGV, 3))
local key = ARGV[1]
for i = 1, #versions do key = key .. ':' .. (versions[i] or '0') end
key = key .. ':' .. ARGV[2]
if ARGV[2] == '' then return {key, false} end
return {key, redis.call('GET', key)}`;

/**
 * READ for several values of one centre in one round trip. ARGV: for each value its prefix, name,
 * how many parts, then the parts. Returns each value's key and value (or nil) in turn.
 */
const READ_MANY = `
local reply = {}
local i = 1
while i <= #ARGV do
  local prefix, name, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local versions = redis.call('HMGET', KEYS[1], unpack(ARGV, i + 3, i + 2 + count))
  local key = prefix
  for j = 1, #versions do key = key .. ':' .. (versions[j] or '0') end
  key = key .. ':' .. name
  reply[#reply + 1] = key
  reply[#reply + 1] = redis.call('GET', key) or false
  i = i + 3 + count
end
return reply`;

/** Stores several values, each with its own lifetime, in one command. ARGV: key, seconds, value, … */
const WRITE_MANY = `
for i = 1, #ARGV, 3 do redis.call('SET', ARGV[i], ARGV[i + 2], 'EX', ARGV[i + 1]) end
return #ARGV / 3`;

interface ScriptedRedis {
  aetherlearnCacheRead(
    versionsKey: string,
    prefix: string,
    name: string,
    ...fields: string[]
  ): Promise<[string, string | null]>;
  aetherlearnCacheReadMany(versionsKey: string, ...args: string[]): Promise<(string | null)[]>;
  aetherlearnCacheWriteMany(...args: string[]): Promise<number>;
}

const defined = new WeakSet<Redis>();

/**
 * The read script as an ioredis command: sent by EVALSHA (its SHA1, not its text), falling back to
 * EVAL once per connection when Redis answers NOSCRIPT (a new primary after a failover, a restart).
 */
function scripted(redis: Redis): ScriptedRedis {
  if (!defined.has(redis)) {
    redis.defineCommand("aetherlearnCacheRead", { numberOfKeys: 1, lua: READ });
    redis.defineCommand("aetherlearnCacheReadMany", { numberOfKeys: 1, lua: READ_MANY });
    redis.defineCommand("aetherlearnCacheWriteMany", { numberOfKeys: 0, lua: WRITE_MANY });
    defined.add(redis);
  }
  return redis as unknown as ScriptedRedis;
}

function fieldsOf(parts: readonly CachePart[]): string[] {
  return [ALL, ...parts];
}

/** Which parts, not only their versions: a parent whose children changed reads a new key. */
function prefixOf(centreId: string, parts: readonly CachePart[]): string {
  return `aetherlearn:cache:${centreId}:${Bun.hash(parts.join(",")).toString(36)}`;
}

async function readVersioned(
  redis: Redis,
  centreId: string,
  parts: readonly CachePart[],
  name: string,
  withValue: boolean,
): Promise<{ key: string; value: string | null }> {
  const prefix = prefixOf(centreId, parts);
  const reply = await scripted(redis).aetherlearnCacheRead(
    versionsKey(centreId),
    prefix,
    withValue ? name : "",
    ...fieldsOf(parts),
  );
  return { key: withValue ? reply[0] : `${reply[0]}${name}`, value: reply[1] ?? null };
}

/**
 * Returns the cached value of the parts, or computes, stores and returns it. A hit is one Redis
 * round trip, a miss two; Redis trouble just means no cache.
 */
export async function cachedForCentre<T>(
  redis: Redis,
  centreId: string,
  parts: readonly CachePart[],
  name: string,
  ttlSeconds: number,
  compute: () => Promise<T>,
): Promise<T> {
  let key: string | null = null;
  try {
    const read = await readVersioned(redis, centreId, parts, name, true);
    key = read.key;
    if (read.value !== null) return JSON.parse(read.value) as T;
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : error }, "cache unavailable; computing");
  }
  const value = await compute();
  if (key) await redis.set(key, JSON.stringify(value), "EX", ttlSeconds).catch(() => {});
  return value;
}

/** One value cachedForCentre would keep: its parts, name, lifetime and how to compute it. */
export interface CacheEntry<T> {
  parts: readonly CachePart[];
  name: string;
  ttlSeconds: number;
  compute: () => Promise<T>;
}

/**
 * cachedForCentre for several values a page shows at once (a leaderboard and its class tabs): all
 * read in one round trip, and whatever missed computed and stored together in one more.
 */
export async function cachedManyForCentre<T extends unknown[]>(
  redis: Redis,
  centreId: string,
  entries: { [K in keyof T]: CacheEntry<T[K]> },
): Promise<T> {
  const list = entries as readonly CacheEntry<unknown>[];
  let reply: (string | null)[] = [];
  try {
    const args = list.flatMap((entry) => [
      prefixOf(centreId, entry.parts),
      entry.name,
      String(entry.parts.length + 1),
      ...fieldsOf(entry.parts),
    ]);
    reply = await scripted(redis).aetherlearnCacheReadMany(versionsKey(centreId), ...args);
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : error }, "cache unavailable; computing");
  }
  const stored: string[] = [];
  const values = await Promise.all(
    list.map(async (entry, index) => {
      const key = reply[index * 2] ?? null;
      const value = reply[index * 2 + 1] ?? null;
      if (value !== null) return JSON.parse(value) as unknown;
      const computed = await entry.compute();
      if (key) stored.push(key, String(entry.ttlSeconds), JSON.stringify(computed));
      return computed;
    }),
  );
  if (stored.length > 0)
    await scripted(redis)
      .aetherlearnCacheWriteMany(...stored)
      .catch(() => {});
  return values as T;
}

/** A cached value and how the page shows it at the moment of the view (what depends on the clock). */
export interface CachedView<Cached, Shown> {
  entry: CacheEntry<Cached>;
  shown: (cached: Cached) => Shown | Promise<Shown>;
}

/** One cached view, read and shown. */
export async function cachedViewForCentre<Cached, Shown>(
  redis: Redis,
  centreId: string,
  { entry, shown }: CachedView<Cached, Shown>,
): Promise<Shown> {
  return shown(await cachedForCentre(redis, centreId, entry.parts, entry.name, entry.ttlSeconds, entry.compute));
}

/** Two cached views of one page (a dashboard and the person's announcements) read in one round trip. */
export async function viewsForCentre<X, A, Y, B>(
  redis: Redis,
  centreId: string,
  first: CachedView<X, A>,
  second: CachedView<Y, B>,
): Promise<[A, B]> {
  const [x, y] = await cachedManyForCentre<[X, Y]>(redis, centreId, [first.entry, second.entry]);
  return Promise.all([first.shown(x), second.shown(y)]);
}

/** Process-local copies of large cached pages, by parts' versions and name, oldest first. */
const local = new Map<string, { value: string; expires: number }>();
const LOCAL_ENTRIES = 64;

/**
 * cachedForCentre for a large text read often (a rendered markbook of hundreds of kilobytes): this
 * process keeps its own copy too, so a hit costs one small Redis read (the parts' versions, which
 * every web node reads, so a write anywhere makes every copy stale) instead of moving and parsing
 * the whole value. Other processes still share the Redis copy.
 */
export async function cachedTextForCentre(
  redis: Redis,
  centreId: string,
  parts: readonly CachePart[],
  name: string,
  ttlSeconds: number,
  compute: () => Promise<string>,
): Promise<string> {
  let key: string;
  try {
    key = (await readVersioned(redis, centreId, parts, name, false)).key;
  } catch {
    return compute();
  }
  const hit = local.get(key);
  if (hit && hit.expires > Date.now()) return hit.value;
  const value = await cachedForCentre(redis, centreId, parts, name, ttlSeconds, compute);
  local.delete(key);
  local.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  for (const oldest of local.keys()) {
    if (local.size <= LOCAL_ENTRIES) break;
    local.delete(oldest);
  }
  return value;
}

/** The current versions of some parts (tests assert that a write bumped, or left alone, a part). */
export async function partVersions(
  redis: Redis,
  centreId: string,
  parts: readonly (CachePart | typeof ALL)[],
): Promise<number[]> {
  const values = await redis.hmget(versionsKey(centreId), ...parts);
  return values.map((value) => Number(value ?? 0));
}

/** What the current request's services said about the cache (see cacheInvalidation). */
interface CacheNote {
  declared: boolean;
}
const notes = new AsyncLocalStorage<CacheNote>();

/**
 * Opens the request's note before anything else runs for it (an onRequest hook); returned so the
 * after-response hook can read it whatever async context it runs in.
 */
export function beginCacheNote(): CacheNote {
  const note = { declared: false };
  notes.enterWith(note);
  return note;
}

function noteDeclared(): void {
  const note = notes.getStore();
  if (note) note.declared = true;
}

/**
 * Marks cached values showing these parts stale; called by the service that made the change,
 * after it committed (a reader recomputing before the commit would cache the old figures under
 * the new version). One round trip however many parts.
 */
export async function invalidateParts(redis: Redis, centreId: string, parts: readonly CachePart[]): Promise<void> {
  noteDeclared();
  const unique = [...new Set(parts)];
  if (unique.length === 0) return;
  const multi = redis.multi();
  for (const part of unique) multi.hincrby(versionsKey(centreId), part, 1);
  await multi
    .expire(versionsKey(centreId), VERSIONS_TTL_SECONDS)
    .exec()
    .catch((error) => log.warn({ err: error instanceof Error ? error.message : error }, "cache invalidation failed"));
}

/**
 * A service's word that its write changes nothing any cached value shows (an answer re-saved as
 * the student types), so the request does not fall back to marking the whole centre stale.
 */
export function cacheUnaffected(): void {
  noteDeclared();
}

/** Marks every cached value of a centre stale: for rare writes that change what every page shows. */
export async function invalidateCentreCache(redis: Redis, centreId: string): Promise<void> {
  noteDeclared();
  await redis
    .multi()
    .hincrby(versionsKey(centreId), ALL, 1)
    .expire(versionsKey(centreId), VERSIONS_TTL_SECONDS)
    .exec()
    .catch((error) => log.warn({ err: error instanceof Error ? error.message : error }, "cache invalidation failed"));
}
