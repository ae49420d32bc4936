import type { Redis } from "ioredis";
import { log } from "./log";

/**
 * Short-lived read caches in Redis (dashboard figures), shared by every web process. Each centre
 * has a version number in its keys: a write that changes what a dashboard shows bumps the version,
 * so every cached figure of that centre is stale at once without hunting down keys.
 */
const versionKey = (centreId: string) => `aetherlearn:cache-version:${centreId}`;

async function centreVersion(redis: Redis, centreId: string): Promise<string> {
  return (await redis.get(versionKey(centreId))) ?? "0";
}

/** Returns the cached value, or computes, stores and returns it. Redis trouble just means no cache. */
export async function cachedForCentre<T>(
  redis: Redis,
  centreId: string,
  name: string,
  ttlSeconds: number,
  compute: () => Promise<T>,
): Promise<T> {
  let key: string | null = null;
  try {
    key = `aetherlearn:cache:${centreId}:${await centreVersion(redis, centreId)}:${name}`;
    const hit = await redis.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : error }, "cache unavailable; computing");
  }
  const value = await compute();
  if (key) await redis.set(key, JSON.stringify(value), "EX", ttlSeconds).catch(() => {});
  return value;
}

/** Process-local copies of large cached pages, by centre version and name, oldest first. */
const local = new Map<string, { value: string; expires: number }>();
const LOCAL_ENTRIES = 64;

/**
 * cachedForCentre for a large text read often (a rendered markbook of hundreds of kilobytes): this
 * process keeps its own copy too, so a hit costs one small Redis read (the centre's version, which
 * every web node reads, so a write anywhere makes every copy stale) instead of moving and parsing
 * the whole value. Other processes still share the Redis copy.
 */
export async function cachedTextForCentre(
  redis: Redis,
  centreId: string,
  name: string,
  ttlSeconds: number,
  compute: () => Promise<string>,
): Promise<string> {
  let version: string;
  try {
    version = await centreVersion(redis, centreId);
  } catch {
    return compute();
  }
  const key = `${centreId}:${version}:${name}`;
  const hit = local.get(key);
  if (hit && hit.expires > Date.now()) return hit.value;
  const value = await cachedForCentre(redis, centreId, name, ttlSeconds, compute);
  local.delete(key);
  local.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  for (const oldest of local.keys()) {
    if (local.size <= LOCAL_ENTRIES) break;
    local.delete(oldest);
  }
  return value;
}

/** Marks every cached figure of a centre stale; called after writes that change them. */
export async function invalidateCentreCache(redis: Redis, centreId: string): Promise<void> {
  await redis
    .multi()
    .incr(versionKey(centreId))
    .expire(versionKey(centreId), 7 * 24 * 3600)
    .exec()
    .catch((error) => log.warn({ err: error instanceof Error ? error.message : error }, "cache invalidation failed"));
}
