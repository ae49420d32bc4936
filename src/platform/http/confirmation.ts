import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../../config";
import { csrfBinding, type Principal } from "../principal";
import { redis } from "../redis";

/**
 * The confirmation step of a destructive route (`{ permission, confirm }` in the route table,
 * enforced by the guard): the route acts only when the post carries a `confirm` token that the
 * confirm page (or its dialog) issued for this session, this method and this exact path (so for
 * this target), within the last few minutes, and not used before. CSRF already keeps other sites
 * out; the token keeps out a post that skipped the question (an old bookmarked form, a script, a
 * double submit that would act twice).
 */

export const CONFIRM_FIELD = "confirm";

/** How long a confirm page may stay open before its button asks again. */
const TOKEN_SECONDS = 15 * 60;

/** What the confirm page says: the question naming the thing, what exactly happens, and after. */
export interface Confirmation {
  /** "Delete the class Maths 7A?" */
  question: string;
  /** What will happen, in a sentence or two: who loses what, whether it can be undone. */
  consequence: string;
  /** The confirm button's label ("Delete the class"). */
  action: string;
  /** Where Cancel leads back to. */
  back: string;
  /** The flash message on the next page once it is done ("Maths 7A was deleted."). */
  done: string;
}

function signature(principal: Principal, method: string, path: string, expires: number): string {
  return createHmac("sha256", config.SESSION_SECRET)
    .update(`confirm:${csrfBinding(principal)}:${method.toUpperCase()}:${path}:${expires}`)
    .digest("base64url");
}

/** A token for confirming this one action, bound to the session, the method and the path. */
export function confirmationToken(principal: Principal, method: string, path: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + TOKEN_SECONDS;
  return `${expires}.${signature(principal, method, path, expires)}`;
}

function validToken(principal: Principal, method: string, path: string, token: string, now: number): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires < Math.floor(now / 1000)) return false;
  const expected = Buffer.from(signature(principal, method, path, expires));
  const given = Buffer.from(match[2] as string);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The `confirm` field of a posted form, if any. */
export function submittedConfirmation(body: unknown): string {
  if (!body || typeof body !== "object" || !(CONFIRM_FIELD in body)) return "";
  const value = (body as Record<string, unknown>)[CONFIRM_FIELD];
  return typeof value === "string" ? value : "";
}

/**
 * True once for a valid token: the first post that carries it acts, a second one (a double
 * click, a resubmitted page) is asked again instead of acting twice.
 */
export async function consumeConfirmation(
  principal: Principal,
  method: string,
  path: string,
  token: string,
  now = Date.now(),
): Promise<boolean> {
  if (!validToken(principal, method, path, token, now)) return false;
  const first = await redis.set(`confirm:used:${token}`, "1", "EX", TOKEN_SECONDS + 60, "NX");
  return first === "OK";
}
