import type { Redis } from "ioredis";
import { config } from "../../config";

/**
 * Per-account back-off after repeated failed sign-ins, shared by every web process. After the
 * threshold each further failure doubles the wait, from 30 seconds up to 15 minutes.
 */
export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const FIRST_LOCK_SECONDS = 30;
export const LONGEST_LOCK_SECONDS = 15 * 60;

const failuresKey = (account: string) => `aetherlearn:signin-failures:${account}`;
const lockKey = (account: string) => `aetherlearn:signin-lock:${account}`;

/** Seconds until the account may try again; 0 when it is not locked. */
export async function lockedForSeconds(redis: Redis, account: string): Promise<number> {
  const ttl = await redis.ttl(lockKey(account));
  return Math.max(ttl, 0);
}

/** Counts a failure; returns the lock length in seconds when this failure locks the account. */
export async function recordFailure(redis: Redis, account: string): Promise<number> {
  const failures = await redis.incr(failuresKey(account));
  await redis.expire(failuresKey(account), FAILURE_WINDOW_SECONDS);
  const beyond = failures - config.SIGN_IN_LOCKOUT_AFTER;
  if (beyond < 0) return 0;
  const seconds = Math.min(FIRST_LOCK_SECONDS * 2 ** beyond, LONGEST_LOCK_SECONDS);
  await redis.set(lockKey(account), "1", "EX", seconds);
  return seconds;
}

export async function clearFailures(redis: Redis, account: string): Promise<void> {
  await redis.del(failuresKey(account), lockKey(account));
}
