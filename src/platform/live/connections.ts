import type Redis from "ioredis";

/**
 * The per-person connection cap, shared by every web process: one sorted set per person, a member
 * per open stream scored by when its lease runs out. Heartbeats renew the leases and closing a
 * stream removes its member, so a web process that dies without closing leaves nothing behind
 * once its leases lapse.
 */
export const LEASE_MS = 45_000;

const CLAIM = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

export function connectionsKey(subject: string): string {
  return `sse:connections:${subject}`;
}

/** Takes one of the subject's stream slots; false when all are in use. */
export async function claimConnection(redis: Redis, subject: string, connectionId: string, cap: number) {
  const now = Date.now();
  const claimed = await redis.eval(CLAIM, 1, connectionsKey(subject), now, now + LEASE_MS, connectionId, cap, LEASE_MS);
  return claimed === 1;
}

export async function releaseConnection(redis: Redis, subject: string, connectionId: string): Promise<void> {
  await redis.zrem(connectionsKey(subject), connectionId);
}

/** Renews the leases of this process's open streams (called from the heartbeat). */
export async function renewConnections(redis: Redis, open: Iterable<{ subject: string; id: string }>): Promise<void> {
  const expiry = Date.now() + LEASE_MS;
  const pipeline = redis.pipeline();
  let count = 0;
  for (const connection of open) {
    pipeline.zadd(connectionsKey(connection.subject), "XX", expiry, connection.id);
    pipeline.pexpire(connectionsKey(connection.subject), LEASE_MS);
    count++;
  }
  if (count > 0) await pipeline.exec();
}

/** Streams the subject holds open right now (across all processes). */
export async function openConnectionCount(redis: Redis, subject: string): Promise<number> {
  await redis.zremrangebyscore(connectionsKey(subject), "-inf", Date.now());
  return redis.zcard(connectionsKey(subject));
}
