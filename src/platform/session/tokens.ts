import { createHmac, timingSafeEqual } from "node:crypto";
import { jwt } from "@elysiajs/jwt";
import { Elysia } from "elysia";
import { config } from "../../config";

/**
 * Signed cookie tokens (JWT, HS256). A token only names a server-side session or a kiosk device;
 * what it may do is decided on every request from Redis or the database.
 */
export const tokenPlugin = jwt({ name: "tokens", secret: config.SESSION_SECRET, alg: "HS256" });

const signer = new Elysia().use(tokenPlugin).decorator.tokens;

export function signSessionToken(sessionId: string): Promise<string> {
  return signer.sign({ typ: "session", sid: sessionId, exp: `${config.SESSION_ABSOLUTE_HOURS}h` });
}

/** Kiosk devices stay paired for a year, or until revoked. */
export function signKioskToken(kioskId: string): Promise<string> {
  return signer.sign({ typ: "kiosk", kid: kioskId, exp: "365d" });
}

function decodedJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Verifies the cookie tokens signTokens makes (HS256, exp), synchronously with node:crypto's HMAC:
 * the JWT plugin's verify (jose over WebCrypto, importing the key on every call) was ~7 % of the web
 * process's CPU, since every request presents its session cookie. Same answers as the plugin: the
 * claims, or false for anything not signed by us with HS256, not yet valid or expired.
 */
export function verifyToken(
  token: string | undefined,
  secret: string = config.SESSION_SECRET,
): Record<string, unknown> | false {
  if (!token || token.length > 4_096) return false;
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [header = "", payload = "", signature = ""] = parts;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const head = decodedJson(header);
  if (head?.alg !== "HS256" || head.crit !== undefined) return false;
  const claims = decodedJson(payload);
  if (!claims) return false;
  const now = Math.floor(Date.now() / 1000);
  if (claims.exp !== undefined && (typeof claims.exp !== "number" || claims.exp <= now)) return false;
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf > now)) return false;
  return claims;
}

/** The request path's token verifier (see verifyToken). */
export const sessionTokens = {
  verify: async (token?: string) => verifyToken(token),
};
