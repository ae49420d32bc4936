import type Redis from "ioredis";

/**
 * The per-person connection cap, shared by every web process: one sorted set per person, a member
 * per open stream scored by when its lease runs out. Heartbeats renew the leases and closing a
 * stream removes its member, so a web process that dies without closing leaves nothing behind
 * once its leases lapse.
 *
 * Every script here runs by EVALSHA (ioredis's defineCommand falls back to EVAL once when a new
 * primary does not know it yet), and the heartbeat's work for all of a process's streams is a few
 * commands, not one or two per stream.
 */
export const LEASE_MS = 45_000;

/** Streams per heartbeat command: each command is one short Redis script, however many streams there are. */
export const HEARTBEAT_BATCH = 1_000;

/**
 * KEYS[1] the subject's slots, KEYS[2] (optional) the key whose presence keeps the stream open
 * (its session): checked in the same step, so a credential that ended between authorising the
 * request and joining the hub is seen here. Returns 1 claimed, 0 all slots taken, -1 ended.
 */
const CLAIM = `
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/** ARGV: expiry, lease ms, then subject-key / stream-id pairs. */
const RENEW = `
for i = 3, #ARGV, 2 do
  redis.call('ZADD', ARGV[i], 'XX', ARGV[1], ARGV[i + 1])
  redis.call('PEXPIRE', ARGV[i], ARGV[2])
end
return 0`;

/** The positions (1-based) of the KEYS that no longer exist. */
const MISSING = `
local missing = {}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 0 then missing[#missing + 1] = i end
end
return missing`;

interface LiveScripts {
  aetherlearnLiveClaim(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number>;
  aetherlearnLiveRenew(...args: (string | number)[]): Promise<number>;
  aetherlearnLiveMissing(keyCount: number, ...keys: string[]): Promise<number[]>;
}

const defined = new WeakSet<Redis>();

function scripts(redis: Redis): LiveScripts {
  if (!defined.has(redis)) {
    redis.defineCommand("aetherlearnLiveClaim", { lua: CLAIM });
    redis.defineCommand("aetherlearnLiveRenew", { numberOfKeys: 0, lua: RENEW });
    redis.defineCommand("aetherlearnLiveMissing", { lua: MISSING });
    defined.add(redis);
  }
  return redis as unknown as LiveScripts;
}

export function connectionsKey(subject: string): string {
  return `sse:connections:${subject}`;
}

export type ClaimResult = "claimed" | "full" | "ended";

/**
 * Takes one of the subject's stream slots. With `aliveKey` (the session's record), refuses as
 * "ended" when that key is gone: one round trip for the slot and the credential.
 */
export async function claimConnection(
  redis: Redis,
  subject: string,
  connectionId: string,
  cap: number,
  aliveKey: string | null = null,
): Promise<ClaimResult> {
  const now = Date.now();
  const keys = aliveKey ? [connectionsKey(subject), aliveKey] : [connectionsKey(subject)];
  const answer = await scripts(redis).aetherlearnLiveClaim(
    keys.length,
    ...keys,
    now,
    now + LEASE_MS,
    connectionId,
    cap,
    LEASE_MS,
  );
  return answer === 1 ? "claimed" : answer === -1 ? "ended" : "full";
}

export async function releaseConnection(redis: Redis, subject: string, connectionId: string): Promise<void> {
  await redis.zrem(connectionsKey(subject), connectionId);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Renews the leases of this process's open streams (called from the heartbeat): one script per batch. */
export async function renewConnections(redis: Redis, open: readonly { subject: string; id: string }[]): Promise<void> {
  const expiry = Date.now() + LEASE_MS;
  const commands = chunks(open, HEARTBEAT_BATCH).map((batch) => {
    const args: (string | number)[] = [expiry, LEASE_MS];
    for (const connection of batch) args.push(connectionsKey(connection.subject), connection.id);
    return scripts(redis).aetherlearnLiveRenew(...args);
  });
  await Promise.all(commands);
}

/** Which of these keys no longer exist (their positions): one script per batch, all sent at once. */
export async function missingKeys(redis: Redis, keys: readonly string[]): Promise<Set<number>> {
  const batches = chunks(keys, HEARTBEAT_BATCH);
  const answers = await Promise.all(
    batches.map((batch) => (batch.length > 0 ? scripts(redis).aetherlearnLiveMissing(batch.length, ...batch) : [])),
  );
  const missing = new Set<number>();
  answers.forEach((positions, index) => {
    for (const position of positions) missing.add(index * HEARTBEAT_BATCH + position - 1);
  });
  return missing;
}

/** Streams the subject holds open right now (across all processes). */
export async function openConnectionCount(redis: Redis, subject: string): Promise<number> {
  await redis.zremrangebyscore(connectionsKey(subject), "-inf", Date.now());
  return redis.zcard(connectionsKey(subject));
}
