import { config } from "../../config";

/** After a form: 303 to the next page; htmx follows HX-Redirect with a full page load. */
export function redirectTo(request: Request, location: string, headers: Record<string, string> = {}): Response {
  if (request.headers.get("hx-request") === "true") {
    return new Response(null, { status: 200, headers: { ...headers, "hx-redirect": location } });
  }
  return new Response(null, { status: 303, headers: { ...headers, location } });
}

/** The longest `next` kept; anything longer falls back (a real page address is far shorter). */
export const MAX_NEXT_PATH_LENGTH = 2048;

/**
 * Control characters and backslashes, raw or percent-encoded: browsers drop tabs and line breaks
 * from addresses and read `\` as `/`, so `/\t/evil.example` becomes `//evil.example`.
 */
const UNSAFE_RAW = /[\p{Cc}\\]/u;
const UNSAFE_ENCODED = /%(?:[01][0-9a-f]|7f|5c)/i;

function decodedOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * Only a path on this site may be redirected to after sign-in: `next` is parsed against the public
 * origin and kept only when it stays on that origin, starts with a single `/` and holds no control
 * characters or backslashes. Everything else gives the fallback.
 */
export function safeNextPath(next: string | undefined | null, fallback: string): string {
  if (!next || next.length > MAX_NEXT_PATH_LENGTH) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || UNSAFE_RAW.test(next) || UNSAFE_ENCODED.test(next))
    return fallback;
  const decoded = decodedOnce(next);
  if (decoded === null || decoded.startsWith("//") || UNSAFE_RAW.test(decoded)) return fallback;
  const origin = new URL(config.PUBLIC_URL).origin;
  let parsed: URL;
  try {
    parsed = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (parsed.origin !== origin || !parsed.pathname.startsWith("/") || parsed.pathname.startsWith("//")) return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
