import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../../config";
import { ForbiddenError } from "../errors";
import { lazy } from "../i18n";
import { csrfBinding, type Principal } from "../principal";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isStateChanging(method: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase());
}

/** The token for this session (or signed-out visitor): an HMAC, so nothing extra is stored. */
export function csrfTokenFor(principal: Principal): string {
  return createHmac("sha256", config.SESSION_SECRET)
    .update(`csrf:${csrfBinding(principal)}`)
    .digest("base64url");
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin) return origin === new URL(config.PUBLIC_URL).origin || origin === new URL(request.url).origin;
  // Browsers that send no Origin still say whether the request crossed sites.
  return request.headers.get("sec-fetch-site") !== "cross-site";
}

function submittedToken(request: Request, body: unknown): string {
  const header = request.headers.get("x-csrf-token");
  if (header) return header;
  if (body && typeof body === "object" && "_csrf" in body) return String((body as { _csrf: unknown })._csrf);
  return "";
}

function tokensMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses a state-changing request from another site, or without this session's token. */
export function verifyCsrf(request: Request, principal: Principal, body: unknown): void {
  if (!sameOrigin(request)) throw new ForbiddenError(lazy("common.error.crossSite"));
  if (!tokensMatch(csrfTokenFor(principal), submittedToken(request, body))) {
    throw new ForbiddenError(lazy("common.error.csrf"));
  }
}
