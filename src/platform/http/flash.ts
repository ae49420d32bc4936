import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../../config";

/**
 * The flash message: one sentence that a save leaves for the next page ("Saved.", "Maths 7A was
 * deleted."). It travels in a short-lived signed cookie, so it survives the redirect of
 * post/redirect/get without a store, and nobody else can plant text in someone's page. The guard
 * sets it after a successful post (src/web/guard.ts); the next full page shows it once, with
 * role="status", and clears it.
 */

export const FLASH_COOKIE = "al_flash";
const LONGEST = 400;

/** What a handler may say about the flash of its request: its own sentence, or none at all. */
export interface FlashSlot {
  message: string | null | false;
}

function sign(value: string): string {
  return createHmac("sha256", config.SESSION_SECRET).update(`flash:${value}`).digest("base64url");
}

function cookieAttributes(maxAge: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${config.NODE_ENV === "production" ? "; Secure" : ""}`;
}

/** The Set-Cookie value that carries `message` to the next page. */
export function flashCookie(message: string): string {
  const value = Buffer.from(message.slice(0, LONGEST)).toString("base64url");
  return `${FLASH_COOKIE}=${value}.${sign(value)}; ${cookieAttributes(120)}`;
}

/** The Set-Cookie value that clears a shown flash. */
export const CLEAR_FLASH = `${FLASH_COOKIE}=; ${cookieAttributes(0)}`;

/** The message waiting in the request's cookie, when it is there and signed by us. */
export function readFlash(request: Request): string | null {
  const cookies = request.headers.get("cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${FLASH_COOKIE}=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]{43})`).exec(cookies);
  if (!match) return null;
  const [, value, given] = match as unknown as [string, string, string];
  // Both are 43 characters: a SHA-256 in base64url.
  if (!timingSafeEqual(Buffer.from(sign(value)), Buffer.from(given))) return null;
  return Buffer.from(value, "base64url").toString("utf8");
}

/** True for the answers of post/redirect/get: a 303, or htmx's HX-Redirect. */
export function isRedirect(response: Response): boolean {
  return (response.status >= 301 && response.status <= 303) || response.headers.has("hx-redirect");
}

/** The same response, carrying the flash cookie. */
export function withFlash(response: Response, message: string): Response {
  const headers = new Headers(response.headers);
  headers.append("set-cookie", flashCookie(message));
  return new Response(response.body, { status: response.status, headers });
}
