import { Elysia } from "elysia";
import { config } from "../../config";
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from "../errors";
import { kioskHas, PUBLIC, type RoutePermission, roleHas, SIGNED_URL } from "../permissions";
import type { Principal } from "../principal";
import { hitRateLimit } from "../rate-limit";
import { redis } from "../redis";
import { tokenPlugin } from "../session/tokens";
import { refuseControlCharacters } from "../validation";
import { authenticate } from "./authenticate";
import { csrfTokenFor, isStateChanging, verifyCsrf } from "./csrf";
import { pageRenderer } from "./page";
import { requestMeta } from "./request-context";

type RateBucket = "sign-in" | "requests" | false;

/** Sign-in attempts get their own, stricter bucket; health checks and immutable assets none. */
function rateBucket(request: Request): RateBucket {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/assets/") || path === "/api/health") return false;
  if (request.method === "POST" && (path === "/sign-in" || path === "/kiosk/sign-in" || path === "/kiosk/pair"))
    return "sign-in";
  return "requests";
}

function authorize(principal: Principal, permission: RoutePermission): void {
  if (permission === PUBLIC || permission === SIGNED_URL) return;
  if (principal.kind === "anonymous") throw new UnauthorizedError();
  if (principal.kind === "kiosk") {
    if (kioskHas(permission)) return;
    throw new ForbiddenError("This kiosk cannot do that.");
  }
  if (!roleHas(principal.role, permission)) throw new ForbiddenError();
  if (principal.centreId === null && !permission.startsWith("platform.") && principal.role !== "platform_admin") {
    throw new ForbiddenError("Your account is not part of a centre.");
  }
}

async function enforceRateLimit(principal: Principal, bucket: RateBucket, ip: string): Promise<void> {
  if (bucket === false) return;
  const limit = bucket === "sign-in" ? config.RATE_LIMIT_SIGN_IN_PER_MINUTE : config.RATE_LIMIT_REQUESTS_PER_MINUTE;
  // Sign-in is limited per address; everything else per person (or device) when known, so a
  // whole centre behind one address is not throttled together.
  const subject = bucket === "requests" && principal.kind === "user" ? `user:${principal.userId}` : `ip:${ip}`;
  const result = await hitRateLimit(redis, bucket, subject, limit);
  if (!result.allowed) throw new TooManyRequestsError(result.retryAfterSeconds);
}

/**
 * The one place requests are authenticated and authorised. Every route declares
 * `{ permission }` beside its path; the guard rate-limits, checks CSRF on state-changing
 * methods, refuses what the permission table does not allow, and refuses text holding control
 * characters in the body, query or path (so no module has to remember it).
 */
export const guard = new Elysia({ name: "guard" }).use(tokenPlugin).macro({
  permission: (permission: RoutePermission) => ({
    detail: { permission } as Record<string, unknown>,
    async resolve({ request, cookie, tokens, body, query, params }) {
      const principal = await authenticate(tokens, cookie);
      const { ip } = requestMeta(request);
      await enforceRateLimit(principal, rateBucket(request), ip);
      if (isStateChanging(request.method) && permission !== SIGNED_URL) verifyCsrf(request, principal, body);
      authorize(principal, permission);
      refuseControlCharacters(body, query, params);
      return { principal, csrfToken: csrfTokenFor(principal), page: pageRenderer(request, principal) };
    },
  }),
});
