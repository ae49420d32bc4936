import { createHash, randomBytes, randomInt } from "node:crypto";

/** One-time link tokens: only their SHA-256 is stored, so a database leak reveals no usable link. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Letters and digits nobody confuses when reading a code aloud or off a card (no 0/O, 1/I/L). */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const GENERATED_CODE_CHARS = 6;

/**
 * A new student code: the centre's prefix and six random characters (31^6, about 887 million),
 * so knowing one student's code does not give away the next one.
 */
export function newStudentCode(prefix: string): string {
  const random = Array.from({ length: GENERATED_CODE_CHARS }, () => CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)]);
  return `${prefix}${random.join("")}`;
}

/** Up to three letters from the centre's name initials (Northside Learning Centre: NLC). */
export function codePrefixOf(centreName: string): string {
  const initials = centreName
    .split(/\s+/)
    .map((word) =>
      word
        .normalize("NFD")
        .replace(/[^A-Za-z]/g, "")
        .charAt(0)
        .toUpperCase(),
    )
    .join("");
  return initials.slice(0, 3) || "S";
}

export const INVITATION_DAYS = 7;
export const PASSWORD_RESET_HOURS = 24;
/** A reset link someone asks for themselves: short-lived, since it was sent on an unproven request. */
export const SELF_SERVICE_RESET_MINUTES = 30;
/** Reset emails one account receives in an hour at most, however the requests are spread. */
export const SELF_SERVICE_RESETS_PER_HOUR = 3;
