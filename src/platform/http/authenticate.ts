import type { Cookie } from "elysia";
import { config } from "../../config";
import { ServiceUnavailableError } from "../errors";
import type { Principal } from "../principal";
import type { RateLimitResult } from "../rate-limit";
import { redis } from "../redis";
import { activeKiosk } from "../session/kiosk-devices";
import { revokeSession, type SessionRecord } from "../session/store";
import { trustedCentreId } from "../tenancy";
import { accessRound, type RoundAnswer, type RoundRequest, type RoundRule, withoutRedis } from "./access-round";

export const SESSION_COOKIE = config.NODE_ENV === "production" ? "__Host-al_session" : "al_session";
export const KIOSK_COOKIE = config.NODE_ENV === "production" ? "__Host-al_kiosk" : "al_kiosk";
export const PRE_SESSION_COOKIE = "al_pre";

export interface TokenVerifier {
  verify(token?: string): Promise<Record<string, unknown> | false>;
}

export const cookieOptions = {
  httpOnly: true,
  secure: config.NODE_ENV === "production",
  sameSite: "lax" as const,
  path: "/",
};

/** The token's claims when it is valid and of the expected type; null otherwise. */
async function claimsOf(
  verifier: TokenVerifier,
  token: string | undefined,
  type: string,
): Promise<Record<string, unknown> | null> {
  const claims = token ? await verifier.verify(token) : false;
  return claims && claims.typ === type ? claims : null;
}

/** Whom a request's rate-limit budgets are counted against, before the session is known. */
export type BudgetHolder = { kind: "user" } | { kind: "kiosk"; kioskId: string } | { kind: "anonymous" };

export interface Authenticated {
  principal: Principal;
  rate: RateLimitResult;
  /** The version of the centre the principal acts in, read with the session (see centreContextAt). */
  centreVersion: string | null;
}

const NOTHING_ASKED: RoundAnswer = {
  session: null,
  expired: null,
  acting: false,
  rate: { allowed: true, retryAfterSeconds: 0 },
  centre: null,
};

function userPrincipal(session: SessionRecord): Principal {
  const centre = session.actingCentreId ?? session.centreId;
  return {
    kind: "user",
    session,
    userId: session.userId,
    role: session.role,
    name: session.name,
    centreId: centre ? trustedCentreId(centre) : null,
  };
}

/**
 * Asks Redis once for the session, the budgets and the centre's version. Without a session to
 * look up, Redis being down only means no limit; with one, the request cannot be answered.
 * `patient` requests (a live stream opening) ask a second time when the first timed out: in an
 * opening burst the request client's one second is what refused streams, and a refused stream
 * costs its page a reconnect 3 s later. At worst the budget counts that request twice.
 */
async function askRedis(request: RoundRequest, patient: boolean): Promise<RoundAnswer> {
  if (!request.sessionId && !request.kiosk && request.otherwise.length === 0) return NOTHING_ASKED;
  let answer: RoundAnswer;
  try {
    answer = await (patient
      ? accessRound(redis, request).catch(() => accessRound(redis, request))
      : accessRound(redis, request));
  } catch (error) {
    if (request.sessionId) throw new ServiceUnavailableError();
    return withoutRedis(error);
  }
  if (answer.expired) {
    await revokeSession(redis, answer.expired).catch(() => {
      throw new ServiceUnavailableError();
    });
  }
  return answer;
}

/**
 * Session cookie first, then a kiosk device credential; otherwise a signed-out visitor. A kiosk
 * homework session counts only on its own, still enrolled kiosk: a copied cookie is nothing.
 * `budgets` names the rate-limit budgets each kind of principal draws on; they are drawn in the
 * same Redis round trip as the session is read.
 */
export async function authenticate(
  verifier: TokenVerifier,
  cookie: Record<string, Cookie<unknown>>,
  budgets: (holder: BudgetHolder) => RoundRule[],
  patient = false,
): Promise<Authenticated> {
  const [sessionClaims, kioskClaims] = await Promise.all([
    claimsOf(verifier, cookie[SESSION_COOKIE]?.value as string | undefined, "session"),
    claimsOf(verifier, cookie[KIOSK_COOKIE]?.value as string | undefined, "kiosk"),
  ]);
  const kiosk = typeof kioskClaims?.kid === "string" ? await activeKiosk(kioskClaims.kid) : null;
  const answer = await askRedis(
    {
      sessionId: typeof sessionClaims?.sid === "string" ? sessionClaims.sid : null,
      kiosk: kiosk?.kind === "kiosk" ? { kioskId: kiosk.kioskId, centreId: kiosk.centreId } : null,
      asUser: budgets({ kind: "user" }),
      otherwise: budgets(kiosk ? { kind: "kiosk", kioskId: kiosk.kioskId } : { kind: "anonymous" }),
    },
    patient,
  );
  const found = { rate: answer.rate, centreVersion: answer.centre?.version ?? null };
  if (answer.session && answer.acting) return { principal: userPrincipal(answer.session), ...found };
  if (kiosk) return { principal: kiosk, ...found };
  const pre = cookie[PRE_SESSION_COOKIE];
  let preSessionId = typeof pre?.value === "string" && /^[A-Za-z0-9_-]{20,64}$/.test(pre.value) ? pre.value : "";
  if (!preSessionId && pre) {
    preSessionId = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
    pre.set({ value: preSessionId, ...cookieOptions, maxAge: 7 * 24 * 3600 });
  }
  return { principal: { kind: "anonymous", preSessionId }, ...found };
}
