import { config } from "../../config";
import { loadCentreContext } from "../centre-context";
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from "../errors";
import { currentLocale, isLocale, type Locale, settleRequestLocalisation, t } from "../i18n";
import { kioskHas, PUBLIC, type RoutePermission, roleHas, SIGNED_URL } from "../permissions";
import type { Actor, AuditRequest, CentreContext, Principal } from "../principal";
import { hitRateLimit } from "../rate-limit";
import { redis } from "../redis";
import { refuseControlCharacters } from "../validation";
import { authenticate, type TokenVerifier } from "./authenticate";
import { csrfTokenFor, isStateChanging, verifyCsrf } from "./csrf";
import { requestMeta } from "./request-context";

type RateBucket = "sign-in" | "requests" | false;

/** Forms that guess at or reach accounts from outside them: the stricter per-address bucket. */
const SIGN_IN_FORMS = new Set(["/sign-in", "/kiosk/sign-in", "/kiosk/pair", "/forgot-password"]);

/** Sign-in attempts get their own, stricter bucket; health checks and immutable assets none. */
function rateBucket(request: Request): RateBucket {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/assets/") || path === "/api/health") return false;
  if (request.method === "POST" && SIGN_IN_FORMS.has(path)) return "sign-in";
  return "requests";
}

function authorize(principal: Principal, permission: RoutePermission): void {
  if (permission === PUBLIC || permission === SIGNED_URL) return;
  if (principal.kind === "anonymous") throw new UnauthorizedError();
  if (principal.kind === "kiosk") {
    if (kioskHas(permission)) return;
    throw new ForbiddenError(t("common.error.kioskCannot"));
  }
  if (!roleHas(principal.role, permission)) throw new ForbiddenError();
  if (principal.centreId === null && !permission.startsWith("platform.") && principal.role !== "platform_admin") {
    throw new ForbiddenError(t("common.error.noCentre"));
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

function auditRequestOf(request: Request): AuditRequest {
  const meta = requestMeta(request);
  return { ip: meta.ip, userAgent: request.headers.get("user-agent"), requestId: meta.requestId };
}

/**
 * The language a request is answered in: the person's own choice, else their centre's, else what
 * the browser asked for (already in force from the start of the request).
 */
function localeFor(principal: Principal, centre: CentreContext | null): Locale {
  const own = principal.kind === "user" ? principal.session.locale : null;
  if (isLocale(own)) return own;
  return centre?.locale ?? currentLocale();
}

/**
 * Stands in for the actor when nobody is acting inside a centre (a visitor, a kiosk, a platform
 * admin who has not chosen a centre): a route that uses it refuses, as it must.
 */
const NO_ACTOR = new Proxy({} as Actor, {
  get(_target, key) {
    if (typeof key === "symbol" || key === "then" || key === "toJSON") return undefined;
    throw new ForbiddenError(t("common.error.chooseCentre"));
  },
});

/** What every handler is given: who asks, acting as whom in which centre, and the audit data. */
export interface RequestAccess {
  principal: Principal;
  /** The signed-in person in their centre; any use refuses when nobody acts inside a centre. */
  actor: Actor;
  /** The centre the request acts in (a person's or a kiosk's), or null outside any centre. */
  centre: CentreContext | null;
  /** Where the request came from, for audit rows written by people and devices alike. */
  audit: AuditRequest;
  csrfToken: string;
}

export interface RequestParts {
  request: Request;
  tokens: TokenVerifier;
  cookie: Parameters<typeof authenticate>[1];
  body: unknown;
  query: unknown;
  params: unknown;
}

/**
 * The one place requests are authenticated and authorised, once per request: rate-limits, checks
 * CSRF on state-changing methods, refuses what the permission table does not allow and text
 * holding control characters in the body, query or path (so no module has to remember it), then
 * resolves the acting person and their centre.
 */
export async function resolveRequestAccess(permission: RoutePermission, parts: RequestParts): Promise<RequestAccess> {
  const { request } = parts;
  const principal = await authenticate(parts.tokens, parts.cookie);
  // The person's own language is known from the session: even a refusal below is in it.
  settleRequestLocalisation({ locale: localeFor(principal, null), timeZone: "UTC" });
  const { ip } = requestMeta(request);
  await enforceRateLimit(principal, rateBucket(request), ip);
  // Public and signed-URL routes (assets, downloads, sign-in, health) act in no centre: no read.
  // Others read the centre before refusing anything, so a refusal speaks the centre's language.
  const actsInCentre = permission !== PUBLIC && permission !== SIGNED_URL && principal.kind !== "anonymous";
  const centre = actsInCentre && principal.centreId ? await loadCentreContext(principal.centreId) : null;
  settleRequestLocalisation({ locale: localeFor(principal, centre), timeZone: centre?.timeZone ?? "UTC" });
  if (isStateChanging(request.method) && permission !== SIGNED_URL) verifyCsrf(request, principal, parts.body);
  authorize(principal, permission);
  refuseControlCharacters(parts.body, parts.query, parts.params);
  const audit = auditRequestOf(request);
  const actor =
    principal.kind === "user" && centre
      ? {
          userId: principal.userId,
          role: principal.role,
          name: principal.name,
          centreId: centre.id,
          centre,
          request: audit,
        }
      : NO_ACTOR;
  return { principal, actor, centre, audit, csrfToken: csrfTokenFor(principal) };
}
