import { z } from "zod";
import { ValidationError } from "./errors";
import { lazy, t } from "./i18n";

/**
 * Zod's own messages, for rules a schema gives no message of its own, in the current language.
 * A schema's message wins over these; modules give theirs as `{ error: lazy("key") }` so they,
 * too, are rendered when the input is checked rather than when the schema is built.
 */
function genericMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "")
        return t("common.validation.required");
      if (issue.expected === "number" || issue.expected === "int") return t("common.validation.notNumber");
      if (issue.expected === "date") return t("common.validation.notDate");
      return t("common.validation.invalid");
    case "too_small":
      if (issue.origin === "string") {
        const minimum = Number(issue.minimum);
        return minimum <= 1 ? t("common.validation.required") : t("common.validation.tooShort", { minimum });
      }
      if (issue.origin === "number" || issue.origin === "int") {
        return t("common.validation.tooSmall", { minimum: Number(issue.minimum) });
      }
      return t("common.validation.invalid");
    case "too_big":
      if (issue.origin === "string") return t("common.validation.tooLong", { maximum: Number(issue.maximum) });
      if (issue.origin === "number" || issue.origin === "int") {
        return t("common.validation.tooBig", { maximum: Number(issue.maximum) });
      }
      return t("common.validation.invalid");
    case "invalid_format":
      return issue.format === "email" ? t("common.validation.notEmail") : t("common.validation.invalid");
    case "invalid_value":
      return t("common.validation.notChoice");
    case "unrecognized_keys":
      return t("common.validation.unknownField");
    default:
      return t("common.validation.invalid");
  }
}

z.config({ customError: genericMessage });

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

export const CONTROL_CHARACTER_MESSAGE = lazy("common.error.controlCharacter");

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
    Object.fromEntries(fields.map((field) => [field.replace(/[^\w.-]/g, "?"), CONTROL_CHARACTER_MESSAGE()])),
    t("common.error.controlCharacters"),
  );
}
