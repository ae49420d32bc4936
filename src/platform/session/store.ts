import type { Redis } from "ioredis";
import { config } from "../../config";
import type { Role } from "../db/schema";
import { endLiveStreams, streamCredential } from "../live/ends";
import { awaitReplication } from "../redis";

/**
 * Server-side sessions in Redis, so every web process agrees at once on sign-out and revocation.
 * The cookie only names a session; the record here is the truth. Ending a session also ends the
 * live streams opened with it, on every web process.
 */
export interface SessionRecord {
  id: string;
  userId: string;
  /** The user's own centre; null for the platform admin. */
  centreId: string | null;
  /** The centre a platform admin chose to work in, explicitly. */
  actingCentreId: string | null;
  role: Role;
  name: string;
  /** The person's own language (null: their centre's), kept here so no request has to read it. */
  locale?: string | null;
  createdAt: number;
  ip: string;
  userAgent: string;
  /**
   * A student's homework session on a kiosk: honoured only beside that kiosk's own credential,
   * limited to homework, and ended after `idleSeconds` without a request.
   */
  kioskId?: string;
  idleSeconds?: number;
}

export const sessionKey = (id: string) => `aetherlearn:session:${id}`;
const userSessionsKey = (userId: string) => `aetherlearn:user-sessions:${userId}`;

const idleSeconds = (record?: Pick<SessionRecord, "idleSeconds">) =>
  record?.idleSeconds ?? config.SESSION_IDLE_MINUTES * 60;
const absoluteMs = () => config.SESSION_ABSOLUTE_HOURS * 3600 * 1000;

function newSessionId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

export async function createSession(
  redis: Redis,
  fields: Omit<SessionRecord, "id" | "createdAt">,
): Promise<SessionRecord> {
  const record: SessionRecord = { ...fields, id: newSessionId(), createdAt: Date.now() };
  await redis
    .multi()
    .set(sessionKey(record.id), JSON.stringify(record), "EX", idleSeconds(record))
    .sadd(userSessionsKey(record.userId), record.id)
    .expire(userSessionsKey(record.userId), Math.ceil(absoluteMs() / 1000))
    .exec();
  // A Redis failover must not sign out someone who was just told they are signed in.
  await awaitReplication(redis);
  return record;
}

/** The live session, its idle timer renewed; null when unknown, idle too long or past its absolute limit. */
export async function loadSession(redis: Redis, id: string): Promise<SessionRecord | null> {
  const raw = await redis.get(sessionKey(id));
  if (!raw) return null;
  const record = JSON.parse(raw) as SessionRecord;
  if (Date.now() - record.createdAt > absoluteMs()) {
    await revokeSession(redis, record);
    return null;
  }
  await redis.expire(sessionKey(id), idleSeconds(record));
  return record;
}

/**
 * When the session ends whatever its activity (its absolute lifetime), ms since the epoch. Until
 * then it stands while its record exists (the record expires when idle): open live streams check
 * exactly that, in one batch per heartbeat.
 */
export function sessionEndsAt(record: Pick<SessionRecord, "createdAt">): number {
  return record.createdAt + absoluteMs();
}

export async function updateSession(redis: Redis, record: SessionRecord): Promise<void> {
  await redis.set(sessionKey(record.id), JSON.stringify(record), "EX", idleSeconds(record));
}

export async function revokeSession(redis: Redis, record: Pick<SessionRecord, "id" | "userId">): Promise<void> {
  await redis.multi().del(sessionKey(record.id)).srem(userSessionsKey(record.userId), record.id).exec();
  await endLiveStreams(redis, [streamCredential.session(record.id)]);
}

/**
 * Applies a change to every live session of a person (their chosen language), so each of their
 * devices shows it on the next request without reading the person on every request.
 */
export async function updateUserSessions(
  redis: Redis,
  userId: string,
  change: Partial<Pick<SessionRecord, "locale" | "name">>,
): Promise<void> {
  for (const id of await redis.smembers(userSessionsKey(userId))) {
    const raw = await redis.get(sessionKey(id));
    if (!raw) continue;
    const ttl = await redis.ttl(sessionKey(id));
    const record = { ...(JSON.parse(raw) as SessionRecord), ...change };
    await redis.set(sessionKey(id), JSON.stringify(record), "EX", ttl > 0 ? ttl : idleSeconds());
  }
}

/** Signs a user out everywhere: on disable, role change, password reset, or at their request. */
export async function revokeUserSessions(redis: Redis, userId: string): Promise<number> {
  const ids = await redis.smembers(userSessionsKey(userId));
  if (ids.length === 0) return 0;
  await redis
    .multi()
    .del(...ids.map(sessionKey))
    .del(userSessionsKey(userId))
    .exec();
  await endLiveStreams(redis, ids.map(streamCredential.session));
  return ids.length;
}

/** Signs a user out of every other device, keeping the session they are acting from. */
export async function revokeOtherSessions(redis: Redis, userId: string, keepSessionId: string): Promise<number> {
  const others = (await redis.smembers(userSessionsKey(userId))).filter((id) => id !== keepSessionId);
  if (others.length === 0) return 0;
  await redis
    .multi()
    .del(...others.map(sessionKey))
    .srem(userSessionsKey(userId), ...others)
    .exec();
  await endLiveStreams(redis, others.map(streamCredential.session));
  return others.length;
}
