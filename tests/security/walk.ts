import type { App } from "../../src/app";
import type { Role } from "../../src/platform/db/schema";
import { kioskHas, PERMISSIONS, type Permission, PUBLIC, roleHas, SIGNED_URL } from "../../src/platform/permissions";
import type { Credentials } from "../support/fixtures";

export interface RouteInfo {
  method: string;
  path: string;
  permission: string | undefined;
}

export const ORIGIN = "http://localhost";

/** Every route the app serves, with the permission it declared beside its path. */
export function routesOf(app: App): RouteInfo[] {
  return app.routes
    .filter((route) => route.method !== "HEAD" && route.method !== "OPTIONS")
    .map((route) => ({
      method: route.method,
      path: route.path,
      permission: (route.hooks as { detail?: { permission?: string } }).detail?.permission,
    }));
}

export function isKnownPermission(permission: string | undefined): boolean {
  if (permission === PUBLIC || permission === SIGNED_URL) return true;
  return permission !== undefined && Object.hasOwn(PERMISSIONS, permission);
}

/** Whether the permission table lets this principal through. */
export function allowedFor(permission: string, principal: Role | "kiosk" | "anonymous"): boolean {
  if (permission === PUBLIC) return true;
  // The walk presents no URL signature, so signed routes must refuse everyone.
  if (permission === SIGNED_URL) return false;
  if (principal === "anonymous") return false;
  if (principal === "kiosk") return kioskHas(permission as Permission);
  return roleHas(principal, permission as Permission);
}

/** Fills path parameters: `:name` from the given values (a fresh UUID otherwise), `*` with a name. */
export function concretePath(path: string, values: Record<string, string> = {}): string {
  return path
    .replace(/:(\w+)/g, (_, name: string) => values[name] ?? crypto.randomUUID())
    .replace("*", "no-such-file.css");
}

export interface SendOptions {
  /** Fields; pairs when a name repeats (a checkbox list, repeated slot rows). */
  body?: Record<string, string> | [string, string][];
  csrf?: "valid" | "missing" | "wrong";
  origin?: string | null;
  query?: string;
  headers?: Record<string, string>;
}

/** One request as a browser would send it: cookies, same-origin, the CSRF field on forms. */
export function send(
  app: App,
  method: string,
  path: string,
  who: Credentials,
  options: SendOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { cookie: who.cookie, ...options.headers };
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin) headers.origin = origin;
  let body: string | undefined;
  if (method !== "GET") {
    const form = new URLSearchParams(options.body ?? {});
    const csrf = options.csrf ?? "valid";
    if (csrf === "valid") form.set("_csrf", who.csrfToken);
    if (csrf === "wrong") form.set("_csrf", `${who.csrfToken.slice(0, -4)}AAAA`);
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = form.toString();
  }
  const url = `${ORIGIN}${path}${options.query ? `?${options.query}` : ""}`;
  return app.handle(new Request(url, { method, headers, body }));
}

/** Refused means: 401/403, or a redirect to sign in. */
export function isRefusal(response: Response): boolean {
  if (response.status === 401 || response.status === 403) return true;
  return response.status === 303 && (response.headers.get("location") ?? "").startsWith("/sign-in?next=");
}
