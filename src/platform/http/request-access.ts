import { createHash } from "node:crypto";
import { config } from "../../config";
import { centreContextAt } from "../centre-context";
import { ROLES } from "../db/schema";
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from "../errors";
import { currentLocale, isLocale, type Locale, settleRequestLocalisation, t } from "../i18n";
import {
  centreSettingGrants,
  kioskHas,
  kioskHomeworkHas,
  PUBLIC,
  type RoutePermission,
  roleHas,
  SIGNED_URL,
} from "../permissions";
import type { Actor, AuditRequest, CentreContext, Principal } from "../principal";
import { refuseControlCharacters } from "../validation";
import { type RoundRule, roundRule } from "./access-round";
import { authenticate, type BudgetHolder, type TokenVerifier } from "./authenticate";
import { csrfTokenFor, isStateChanging, verifyCsrf } from "./csrf";
import { requestMeta } from "./request-context";

/** Forms that guess at people's accounts from outside them: limited per address and per account. */
const SIGN_IN_FORMS = new Set(["/sign-in", "/forgot-password"]);

/** The account a sign-in form names (hashed: no address or code is kept in Redis), if any. */
function signInAccount(path: string, body: unknown): string | null {
  if (path !== "/sign-in" || typeof body !== "object" || body === null) return null;
  const form = body as Record<string, unknown>;
  const who = typeof form.email === "string" ? form.email : form.studentCode;
  if (typeof who !== "string" || who.trim() === "") return null;
  const centre = typeof form.centre === "string" ? form.centre : "";
  const named = `${String(form.mode)}:${centre.toLowerCase()}:${who.trim().toLowerCase()}`;
  return `account:${createHash("sha256").update(named).digest("base64url")}`;
}

/**
 * Limits keyed by what they protect. A paired kiosk is known by its device session, so its
 * check-ins count per device and never against the centre's one address; pairing and staff
 * sign-in have budgets of their own; sign-in counts per address and per account apart; other
 * requests per person when known. Health checks and immutable assets are never limited.
 */
function rateRules(request: Request, holder: BudgetHolder, ip: string, body: unknown): RoundRule[] {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/assets/") || path === "/api/health") return [];
  if (holder.kind === "kiosk") {
    return [roundRule("kiosk", `kiosk:${holder.kioskId}`, config.RATE_LIMIT_KIOSK_PER_MINUTE)];
  }
  const post = request.method === "POST";
  if (post && path === "/kiosk/pair") {
    return [roundRule("kiosk-pair", `ip:${ip}`, config.RATE_LIMIT_KIOSK_PAIRING_PER_MINUTE)];
  }
  if (post && SIGN_IN_FORMS.has(path)) {
    const rules = [roundRule("sign-in", `ip:${ip}`, config.RATE_LIMIT_SIGN_IN_PER_MINUTE)];
    const account = signInAccount(path, body);
    if (account) rules.push(roundRule("sign-in-account", account, config.RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE));
    return rules;
  }
  // A signed-in person's budget follows them (keyed in Redis by the session's person).
  const subject = holder.kind === "user" ? null : `ip:${ip}`;
  return [roundRule("requests", subject, config.RATE_LIMIT_REQUESTS_PER_MINUTE)];
}

/** Held by kiosk devices alone (no role): a screen only a paired kiosk shows. */
function kioskOnly(permission: RoutePermission): boolean {
  return (
    permission !== PUBLIC &&
    permission !== SIGNED_URL &&
    kioskHas(permission) &&
    !ROLES.some((role) => roleHas(role, permission))
  );
}

function authorize(principal: Principal, permission: RoutePermission, centre: CentreContext | null): void {
  if (permission === PUBLIC || permission === SIGNED_URL) return;
  // An unpaired tablet opening a kiosk screen is told how to pair it, not asked to sign in.
  if (principal.kind === "anonymous" && kioskOnly(permission))
    throw new UnauthorizedError(t("common.error.kioskNotPaired"));
  if (principal.kind === "anonymous") throw new UnauthorizedError();
  if (principal.kind === "kiosk") {
    if (kioskHas(permission)) return;
    throw new ForbiddenError(t("common.error.kioskCannot"));
  }
  if (principal.session.kioskId && !kioskHomeworkHas(permission)) {
    throw new ForbiddenError(t("common.error.kioskHomeworkOnly"));
  }
  const bySetting = centre !== null && centreSettingGrants(principal.role, permission, centre.features);
  if (!roleHas(principal.role, permission) && !bySetting) throw new ForbiddenError();
  if (principal.centreId === null && !permission.startsWith("platform.") && principal.role !== "platform_admin") {
    throw new ForbiddenError(t("common.error.noCentre"));
  }
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
  const { ip } = requestMeta(request);
  // One Redis round trip: the session, the rate-limit budgets it draws on, its centre's version.
  // A live stream opening waits a little longer for Redis than a page does (see askRedis).
  const opensStream = (request.headers.get("accept") ?? "").includes("text/event-stream");
  const { principal, rate, centreVersion } = await authenticate(
    parts.tokens,
    parts.cookie,
    (holder) => rateRules(request, holder, ip, parts.body),
    opensStream,
  );
  // The person's own language is known from the session: even a refusal below is in it.
  settleRequestLocalisation({ locale: localeFor(principal, null), timeZone: "UTC" });
  if (!rate.allowed) throw new TooManyRequestsError(rate.retryAfterSeconds);
  // Public and signed-URL routes (assets, downloads, sign-in, health) act in no centre: no read.
  // Others read the centre before refusing anything, so a refusal speaks the centre's language.
  const actsInCentre = permission !== PUBLIC && permission !== SIGNED_URL && principal.kind !== "anonymous";
  const centre = actsInCentre && principal.centreId ? await centreContextAt(principal.centreId, centreVersion) : null;
  settleRequestLocalisation({ locale: localeFor(principal, centre), timeZone: centre?.timeZone ?? "UTC" });
  if (isStateChanging(request.method) && permission !== SIGNED_URL) verifyCsrf(request, principal, parts.body);
  authorize(principal, permission, centre);
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
