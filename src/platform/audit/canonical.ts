import { createHash } from "node:crypto";

/**
 * What the hash covers, exactly as stored. The writer hashes these values and the verifier
 * recomputes the hash from the row it reads back, so both must see identical values: that is
 * why text is cleaned and JSON is normalised before anything is hashed or written.
 */
export interface ChainedFields {
  id: string;
  centre_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: JsonValue;
  after: JsonValue;
  ip: string | null;
  user_agent: string | null;
  request_id: string;
  /** ISO 8601 with milliseconds: the precision both JavaScript and the stored value share. */
  created_at: string;
  prev_hash: string | null;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const REDACTED = "[redacted]";

/** Key words that mark a secret; a key is split into words (camelCase, snake_case, kebab-case). */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passcode",
  "passphrase",
  "pin",
  "hash",
  "secret",
  "token",
  "otp",
  "salt",
  "credential",
  "credentials",
]);

export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

/**
 * PostgreSQL text and jsonb cannot hold NUL or unpaired surrogates; replacing them here keeps
 * hostile input from turning an audit write into a 500, and keeps hash and row identical.
 */
export function cleanText(text: string, maxLength: number): string {
  const clean = text.toWellFormed().replaceAll("\u0000", "\uFFFD");
  return clean.length > maxLength ? clean.slice(0, maxLength) : clean;
}

const MAX_JSON_STRING = 2000;
const MAX_JSON_DEPTH = 8;

/**
 * Turns before/after snapshots into plain JSON as jsonb will return it: dates become ISO
 * strings, bigints strings, undefined and functions vanish, secrets are redacted.
 */
export function toAuditJson(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return cleanText(value, MAX_JSON_STRING);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_JSON_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => toAuditJson(item, depth + 1));
  if (typeof value !== "object") return null;
  // No prototype, so a "__proto__" key from hostile input stays an ordinary key.
  const out: { [key: string]: JsonValue } = Object.create(null);
  for (const [rawKey, item] of Object.entries(value)) {
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    const key = cleanText(rawKey, 200);
    out[key] = isSecretKey(key) ? REDACTED : toAuditJson(item, depth + 1);
  }
  return out;
}

/** JSON with object keys sorted at every level, so equal values always serialise identically. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(",")}}`;
}

export function eventHash(fields: ChainedFields): string {
  const serialised = canonicalJson(fields as unknown as JsonValue);
  return createHash("sha256").update(serialised, "utf8").digest("hex");
}
