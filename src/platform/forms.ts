import type { z } from "zod";
import { ConflictError, ValidationError } from "./errors";
import { parseInput } from "./validation";

/** What a refused form is re-rendered with: what was typed, a message per field, and the status. */
export interface FormFailure {
  values: Record<string, string>;
  errors: Record<string, string>;
  status: 409 | 422;
}

export interface FormBinding<Data, Result> {
  /** Runs with the parsed form; a ValidationError or ConflictError it throws re-renders the form too. */
  valid: (data: Data) => Promise<Result> | Result;
  /** Renders the same template again with the failure. */
  invalid: (failure: FormFailure) => Promise<Result> | Result;
  /** The field a ConflictError's message belongs beside (e.g. a taken slug); "form" by default. */
  conflictField?: string;
}

/** Strings a form posted, for re-rendering it with its errors (files, the CSRF token and anything else dropped). */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== "object" || body === null) return values;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string" && key !== "_csrf") values[key] = value.slice(0, 50_000);
  }
  return values;
}

/**
 * A form bound from a request, with its error branch built in (lila's
 * `form.bindFromRequest().fold(err => BadRequest(renderEdit(err)), data => …)`): parses the body
 * with the Zod schema and runs `valid`, or re-renders through `invalid` with the field messages
 * (422, or 409 for a conflict). Any other error goes on to the error handler.
 */
export async function bindForm<Schema extends z.ZodType, Result>(
  schema: Schema | null,
  body: unknown,
  binding: FormBinding<z.infer<Schema>, Result>,
): Promise<Result> {
  try {
    const data = schema ? parseInput(schema, body) : (body as z.infer<Schema>);
    return await binding.valid(data);
  } catch (error) {
    if (error instanceof ValidationError)
      return binding.invalid({ values: formValues(body), errors: error.fieldErrors, status: 422 });
    if (error instanceof ConflictError) {
      const errors = { [binding.conflictField ?? "form"]: error.message };
      return binding.invalid({ values: formValues(body), errors, status: 409 });
    }
    throw error;
  }
}
