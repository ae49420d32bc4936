import type { Cookie } from "elysia";
import { config } from "../../config";
import { ServiceUnavailableError } from "../errors";
import type { Principal } from "../principal";
import { redis } from "../redis";
import { activeKiosk } from "../session/kiosk-devices";
import { loadSession } from "../session/store";
import { trustedCentreId } from "../tenancy";

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

async function fromSessionCookie(verifier: TokenVerifier, token: string | undefined): Promise<Principal | null> {
  const claims = await claimsOf(verifier, token, "session");
  if (typeof claims?.sid !== "string") return null;
  const session = await loadSession(redis, claims.sid).catch(() => {
    throw new ServiceUnavailableError();
  });
  if (!session) return null;
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

async function fromKioskCookie(verifier: TokenVerifier, token: string | undefined): Promise<Principal | null> {
  const claims = await claimsOf(verifier, token, "kiosk");
  if (typeof claims?.kid !== "string") return null;
  return activeKiosk(claims.kid);
}

/** Session cookie first, then a kiosk device credential; otherwise a signed-out visitor. */
export async function authenticate(
  verifier: TokenVerifier,
  cookie: Record<string, Cookie<unknown>>,
): Promise<Principal> {
  const user = await fromSessionCookie(verifier, cookie[SESSION_COOKIE]?.value as string | undefined);
  const kiosk = await fromKioskCookie(verifier, cookie[KIOSK_COOKIE]?.value as string | undefined);
  // A kiosk homework session counts only on its own, still enrolled kiosk: a copied cookie is nothing.
  const bound = user?.kind === "user" && user.session.kioskId;
  if (user && (!bound || (kiosk?.kind === "kiosk" && kiosk.kioskId === bound))) return user;
  if (kiosk) return kiosk;
  const pre = cookie[PRE_SESSION_COOKIE];
  let preSessionId = typeof pre?.value === "string" && /^[A-Za-z0-9_-]{20,64}$/.test(pre.value) ? pre.value : "";
  if (!preSessionId && pre) {
    preSessionId = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
    pre.set({ value: preSessionId, ...cookieOptions, maxAge: 7 * 24 * 3600 });
  }
  return { kind: "anonymous", preSessionId };
}
