import { z } from "zod";
import { parseLocalDateTime } from "../../platform/calendar";
import { ValidationError } from "../../platform/errors";
import type { FormFailure } from "../../platform/forms";

export const homeworkParams = z.object({ id: z.uuid("That homework could not be found") });
export const submissionParams = z.object({ id: z.uuid("That submission could not be found") });
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

export const title = z.string().trim().min(1, "Enter a title").max(200, "Keep the title under 200 characters");
export const longText = z.string().trim().max(5000, "Keep this under 5,000 characters").default("");
export const dateTimeInput = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time");

/** A typed due time in the centre's zone, which must be a real time still to come. */
export function dueInstant(local: string, timeZone: string, now = new Date()): Date {
  const instant = parseLocalDateTime(local, timeZone);
  if (!instant) throw new ValidationError({ dueAt: "Enter a real date and time" });
  if (instant <= now) throw new ValidationError({ dueAt: "Choose a time still to come" });
  return instant;
}

/** A form's state for its template: empty on first show, or what was typed and why it was refused. */
export function formState(csrfToken: string, failure?: FormFailure) {
  return { csrfToken, values: failure?.values ?? {}, errors: failure?.errors ?? {} };
}
