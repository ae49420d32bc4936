import { z } from "zod";
import { db } from "../../platform/db";
import { ValidationError } from "../../platform/errors";
import type { CentreId } from "../../platform/tenancy";
import { centreById } from "../centres";
import { localToInstant } from "./due";

export const homeworkParams = z.object({ id: z.uuid("That homework could not be found") });
export const submissionParams = z.object({ id: z.uuid("That submission could not be found") });
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

export const title = z.string().trim().min(1, "Enter a title").max(200, "Keep the title under 200 characters");
export const longText = z.string().trim().max(5000, "Keep this under 5,000 characters").default("");
export const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time");

/** The centre's timezone: due times are typed and shown in it. */
export async function centreTimeZone(centreId: CentreId): Promise<string> {
  return (await centreById(db, centreId))?.timeZone ?? "UTC";
}

/** A typed due time in the centre's zone, which must be a real time still to come. */
export function dueInstant(local: string, timeZone: string, now = new Date()): Date {
  const instant = localToInstant(local, timeZone);
  if (!instant) throw new ValidationError({ dueAt: "Enter a real date and time" });
  if (instant <= now) throw new ValidationError({ dueAt: "Choose a time still to come" });
  return instant;
}

/** What was typed, to show back in a form after a validation error. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === "string" && key !== "_csrf") values[key] = value.slice(0, 5000);
  }
  return values;
}

/** Re-renders a form with its errors (422) when validation fails; other errors go to the error handler. */
export async function withFormErrors(
  work: () => Promise<Response>,
  onInvalid: (errors: Record<string, string>) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) return onInvalid(error.fieldErrors);
    throw error;
  }
}
