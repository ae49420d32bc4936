import type { Redis } from "ioredis";
import { log } from "./log";

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

const ONE_MINUTE_MS = 60_000;

export const rateKey = (bucket: string, subject: string) => `aetherlearn:rate:${bucket}:${subject}`;

function unavailable(error: unknown, bucket: string): RateLimitResult {
  log.warn({ err: error instanceof Error ? error.message : error, bucket }, "rate limiter unavailable; allowing");
  return { allowed: true, retryAfterSeconds: 0 };
}

/**
 * A sliding window (one minute unless said) in a Redis sorted set, shared by every web process.
 * When Redis is unreachable the limiter fails open: pages keep working, and nginx still limits at
 * the edge.
 */
export async function hitRateLimit(
  redis: Redis,
  bucket: string,
  subject: string,
  limit: number,
  windowMs: number = ONE_MINUTE_MS,
): Promise<RateLimitResult> {
  const key = rateKey(bucket, subject);
  const now = Date.now();
  try {
    const replies = await redis
      .multi()
      .zremrangebyscore(key, 0, now - windowMs)
      .zadd(key, now, `${now}:${Math.random().toString(36).slice(2, 10)}`)
      .zcard(key)
      .zrange(key, 0, 0, "WITHSCORES")
      .pexpire(key, windowMs)
      .exec();
    const count = Number(replies?.[2]?.[1] ?? 0);
    const oldest = Number((replies?.[3]?.[1] as string[] | undefined)?.[1] ?? now);
    if (count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
  } catch (error) {
    return unavailable(error, bucket);
  }
}

/**
 * A budget of failures rather than requests: whether fewer than `limit` were recorded in the
 * window (nothing is counted by asking), and `recordRateHit` counts one when it happens.
 */
export async function peekRateLimit(
  redis: Redis,
  bucket: string,
  subject: string,
  limit: number,
  windowMs: number,
): Promise<RateLimitResult> {
  const key = rateKey(bucket, subject);
  const now = Date.now();
  try {
    const replies = await redis
      .multi()
      .zremrangebyscore(key, 0, now - windowMs)
      .zcard(key)
      .zrange(key, 0, 0, "WITHSCORES")
      .exec();
    const count = Number(replies?.[1]?.[1] ?? 0);
    const oldest = Number((replies?.[2]?.[1] as string[] | undefined)?.[1] ?? now);
    if (count < limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
  } catch (error) {
    return unavailable(error, bucket);
  }
}

export async function recordRateHit(redis: Redis, bucket: string, subject: string, windowMs: number): Promise<void> {
  const key = rateKey(bucket, subject);
  const now = Date.now();
  try {
    await redis
      .multi()
      .zadd(key, now, `${now}:${Math.random().toString(36).slice(2, 10)}`)
      .pexpire(key, windowMs)
      .exec();
  } catch (error) {
    unavailable(error, bucket);
  }
}
