import { createHash, randomBytes, randomInt } from "node:crypto";

/** One-time link tokens: only their SHA-256 is stored, so a database leak reveals no usable link. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A four-digit PIN, uniformly random; sign-in lockout is what makes four digits enough. */
export function newPin(): string {
  return String(randomInt(0, 10_000)).padStart(4, "0");
}

export const INVITATION_DAYS = 7;
export const PASSWORD_RESET_HOURS = 24;
