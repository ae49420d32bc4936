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
