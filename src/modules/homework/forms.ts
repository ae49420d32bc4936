import { z } from "zod";
import { parseLocalDateTime } from "../../platform/calendar";
import { ValidationError } from "../../platform/errors";
import type { FormFailure } from "../../platform/forms";
import { lazy, t } from "../../platform/i18n";

export const homeworkParams = z.object({ id: z.uuid({ error: lazy("homework.validation.homeworkNotFound") }) });
export const submissionParams = z.object({ id: z.uuid({ error: lazy("homework.validation.submissionNotFound") }) });
/** A keyset list's place: the page after or before a row; the token itself is checked by the list. */
export const keysetQuery = z.object({ after: z.string().optional(), before: z.string().optional() });

export const title = z
  .string()
  .trim()
  .min(1, { error: lazy("homework.validation.title") })
  .max(200, { error: lazy("homework.validation.titleLong") });
export const longText = z
  .string()
  .trim()
  .max(5000, { error: lazy("homework.validation.textLong") })
  .default("");
export const dateTimeInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: lazy("homework.validation.dateTime") });

/** A typed due time in the centre's zone, which must be a real time still to come. */
export function dueInstant(local: string, timeZone: string, now = new Date()): Date {
  const instant = parseLocalDateTime(local, timeZone);
  if (!instant) throw new ValidationError({ dueAt: t("homework.validation.realDateTime") });
  if (instant <= now) throw new ValidationError({ dueAt: t("homework.validation.future") });
  return instant;
}

/** A form's state for its template: empty on first show, or what was typed and why it was refused. */
export function formState(csrfToken: string, failure?: FormFailure) {
  return { csrfToken, values: failure?.values ?? {}, errors: failure?.errors ?? {} };
}
