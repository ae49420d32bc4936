import type { App } from "../../src/app";
import type { Role } from "../../src/platform/db/schema";
import { kioskHas, PERMISSIONS, type Permission, PUBLIC, roleHas, SIGNED_URL } from "../../src/platform/permissions";
import type { Credentials } from "../support/fixtures";

export interface RouteInfo {
  method: string;
  path: string;
  permission: string | undefined;
  /** Declared destructive: a post acts only through its confirm page. */
  confirm: boolean;
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
      confirm: (route.hooks as { detail?: { confirm?: boolean } }).detail?.confirm === true,
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

/** The one-time token on a destructive route's confirm page, or null when the answer is not one. */
export function confirmationTokenIn(html: string): string | null {
  return /data-confirm-page[\s\S]*?name="confirm" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

/**
 * A post to a destructive route as a person makes it: the bare post (answered with the confirm
 * page, which changes nothing), then the confirm page's own post with its token. Any other first
 * answer (a refusal, a 404) is returned as it is.
 */
export async function sendConfirmed(
  app: App,
  path: string,
  who: Credentials,
  options: SendOptions = {},
): Promise<Response> {
  const asked = await send(app, "POST", path, who, options);
  const html = asked.status === 200 ? await asked.clone().text() : "";
  const token = confirmationTokenIn(html);
  if (!token) return asked;
  const fields = Array.isArray(options.body) ? options.body : Object.entries(options.body ?? {});
  return send(app, "POST", path, who, { ...options, body: [...fields, ["confirm", token]] });
}
