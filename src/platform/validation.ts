import type { z } from "zod";
import { ValidationError } from "./errors";

/** Parses input at the edge; failures become a 422 with one message per field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    fieldErrors[field] ??= issue.message;
  }
  throw new ValidationError(fieldErrors);
}

/**
 * Characters no text field may hold: NUL (PostgreSQL refuses it in text), the other C0 controls,
 * DEL and the C1 controls. Tab, line feed and carriage return stay: text areas send them.
 */
export const FORBIDDEN_CONTROL_CHARACTERS = /(?![\t\n\r])\p{Cc}/u;

export const CONTROL_CHARACTER_MESSAGE =
  "This contains an invisible control character (such as a NUL byte) that cannot be stored. Please remove it and try again.";

/** The fields (dotted paths) of a parsed body, query or path whose text holds a forbidden character. */
export function fieldsWithControlCharacters(input: unknown, path = ""): string[] {
  if (typeof input === "string") return FORBIDDEN_CONTROL_CHARACTERS.test(input) ? [path || "form"] : [];
  if (input === null || typeof input !== "object" || input instanceof Blob) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const field = path ? `${path}.${key}` : key;
    if (FORBIDDEN_CONTROL_CHARACTERS.test(key)) found.push(path || "form");
    found.push(...fieldsWithControlCharacters(value, field));
  }
  return found;
}

/**
 * Refuses input holding a forbidden control character with a 422 naming the fields. Called for
 * every request's body, query and path parameters by the guard (platform/http/request-access.ts), so no
 * module needs to remember it.
 */
export function refuseControlCharacters(...inputs: unknown[]): void {
  const fields = inputs.flatMap((input) => fieldsWithControlCharacters(input));
  if (fields.length === 0) return;
  throw new ValidationError(
    Object.fromEntries(fields.map((field) => [field.replace(/[^\w.-]/g, "?"), CONTROL_CHARACTER_MESSAGE])),
    "Some of what you entered contains invisible control characters that cannot be stored.",
  );
}
