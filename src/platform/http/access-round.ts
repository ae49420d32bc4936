import type { Redis } from "ioredis";
import { config } from "../../config";
import { centreVersionKey } from "../centre-context";
import { log } from "../log";
import { type RateLimitResult, rateKey } from "../rate-limit";
import { type SessionRecord, sessionKey } from "../session/store";

/**
 * Everything a request needs from Redis before its handler, in one round trip: the session (its
 * idle timer renewed, as loadSession does), the rate-limit budgets it draws on (as hitRateLimit
 * does, in order, stopping at the first refusal), and the version of the centre it acts in (see
 * centreContextAt). One Lua script, because which budget a request draws on and which centre it
 * acts in depend on the session it names.
 */
const SCRIPT = `
local input = cjson.decode(ARGV[1])
local function present(value) return value ~= nil and value ~= cjson.null end
local now = input.now

local raw, state, user = '', 'none', nil
if input.session ~= '' then
  raw = redis.call('GET', input.session) or ''
  if raw ~= '' then
    local record = cjson.decode(raw)
    if now - record.createdAt > input.absoluteMs then
      state = 'expired'
    else
      state = 'live'
      local idle = present(record.idleSeconds) and record.idleSeconds or input.idleSeconds
      redis.call('EXPIRE', input.session, idle)
      -- A kiosk homework session counts only beside its own kiosk's credential.
      if not present(record.kioskId) or record.kioskId == input.kioskId then user = record end
    end
  end
end

local rules = user and input.asUser or input.otherwise
local refused, retryAfter = 0, 0
for index, rule in ipairs(rules) do
  local key = rule.key
  if rule.perUser then key = key .. user.userId end
  redis.call('ZREMRANGEBYSCORE', key, 0, now - rule.windowMs)
  redis.call('ZADD', key, now, input.member)
  local count = redis.call('ZCARD', key)
  redis.call('PEXPIRE', key, rule.windowMs)
  if count > rule.limit then
    local oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]) or now
    refused, retryAfter = index, math.max(1, math.ceil((oldest + rule.windowMs - now) / 1000))
    break
  end
end

local centre = input.centre
if user then
  centre = present(user.actingCentreId) and user.actingCentreId or (present(user.centreId) and user.centreId or '')
end
local version = ''
if centre ~= '' then version = redis.call('GET', input.versionPrefix .. centre) or '0' end
return { raw, state, refused, retryAfter, centre, version }
`;

/** A budget as the script sees it; `perUser` budgets are keyed by the session's person. */
export interface RoundRule {
  key: string;
  limit: number;
  windowMs: number;
  perUser?: true;
}

export interface RoundRequest {
  sessionId: string | null;
  /** The enrolled kiosk presenting its credential with this request, if any. */
  kiosk: { kioskId: string; centreId: string } | null;
  /** The budgets drawn on when the session names the person acting. */
  asUser: RoundRule[];
  /** The budgets drawn on otherwise (a kiosk, or a visitor by address). */
  otherwise: RoundRule[];
}

export interface RoundAnswer {
  /** The session named, when it is live (whether or not it is the one acting: see `acting`). */
  session: SessionRecord | null;
  /** Named but past its absolute lifetime: to be revoked. */
  expired: SessionRecord | null;
  /** Whether the session is the one acting (a kiosk-bound session only beside its kiosk). */
  acting: boolean;
  rate: RateLimitResult;
  /** The acting centre and its version; null when no centre, or when Redis could not be asked. */
  centre: { id: string; version: string } | null;
}

const ALLOWED: RateLimitResult = { allowed: true, retryAfterSeconds: 0 };

type Reply = [string, "none" | "expired" | "live", number, number, string, string];

interface ScriptedRedis {
  aetherlearnAccessRound(argument: string): Promise<Reply>;
}

const defined = new WeakSet<Redis>();

function scripted(redis: Redis): ScriptedRedis {
  // EVALSHA, falling back to EVAL once per connection (a new primary after a failover has no scripts).
  if (!defined.has(redis)) {
    redis.defineCommand("aetherlearnAccessRound", { numberOfKeys: 0, lua: SCRIPT });
    defined.add(redis);
  }
  return redis as unknown as ScriptedRedis;
}

/** One round trip for the session, rate limits and centre version; throws only when Redis is unreachable. */
export async function accessRound(redis: Redis, request: RoundRequest): Promise<RoundAnswer> {
  const now = Date.now();
  const argument = JSON.stringify({
    session: request.sessionId ? sessionKey(request.sessionId) : "",
    now,
    absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3600 * 1000,
    idleSeconds: config.SESSION_IDLE_MINUTES * 60,
    kioskId: request.kiosk?.kioskId ?? "",
    centre: request.kiosk?.centreId ?? "",
    versionPrefix: centreVersionKey(""),
    member: `${now}:${Math.random().toString(36).slice(2, 10)}`,
    asUser: request.asUser,
    otherwise: request.otherwise,
  });
  const [raw, state, refused, retryAfter, centre, version] = await scripted(redis).aetherlearnAccessRound(argument);
  const record = raw ? (JSON.parse(raw) as SessionRecord) : null;
  return {
    session: state === "live" ? record : null,
    expired: state === "expired" ? record : null,
    acting: state === "live" && (!record?.kioskId || record.kioskId === request.kiosk?.kioskId),
    rate: refused > 0 ? { allowed: false, retryAfterSeconds: retryAfter } : ALLOWED,
    centre: centre ? { id: centre, version } : null,
  };
}

/**
 * Redis unreachable for a request naming no session: nothing to look up, so the limiter fails
 * open as hitRateLimit does (nginx still limits at the edge) and the centre is read afresh.
 */
export function withoutRedis(error: unknown): RoundAnswer {
  log.warn({ err: error instanceof Error ? error.message : error }, "rate limiter unavailable; allowing");
  return { session: null, expired: null, acting: false, rate: ALLOWED, centre: null };
}

/** A budget's key in Redis, for the script: per person when `subject` is null. */
export function roundRule(bucket: string, subject: string | null, limit: number, windowMs = 60_000): RoundRule {
  return subject === null
    ? { key: rateKey(bucket, "user:"), limit, windowMs, perUser: true }
    : { key: rateKey(bucket, subject), limit, windowMs };
}
