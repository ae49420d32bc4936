import { z } from "zod";
import type { AttendanceStatus } from "../../platform/db/schema";
import { ValidationError } from "../../platform/errors";
import type { ClassInput } from "./service";

/** A real calendar date in a sensible range (Postgres would refuse 2026-02-30 with a 500). */
const calendarDate = (message: string) =>
  z.iso
    .date(message)
    .refine(
      (date) =>
        date >= "2000-01-01" && date <= "2100-12-31" && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date),
      { message },
    );

export const classForm = z
  .object({
    name: z.string().trim().min(1, "Enter a name for the class").max(200, "Keep the name under 200 characters"),
    courseId: z.uuid("Choose a course"),
    tutorId: z.uuid("Choose a tutor"),
    weekday: z.coerce.number("Choose a day").int("Choose a day").min(1, "Choose a day").max(7, "Choose a day"),
    startTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, "Enter a start time such as 16:00")
      .transform((time) => time.slice(0, 5)),
    durationMinutes: z.coerce
      .number("Enter the length in minutes")
      .int("Enter whole minutes")
      .min(5, "A class lasts at least 5 minutes")
      .max(600, "A class lasts at most 10 hours"),
    room: z.string().trim().max(100, "Keep the room under 100 characters").default(""),
    startsOn: calendarDate("Enter the first week's date"),
    endsOn: z
      .union([z.literal(""), calendarDate("Enter a real date, or leave it empty")])
      .default("")
      .transform((date) => date || null),
  })
  .refine((form) => form.endsOn === null || form.endsOn >= form.startsOn, {
    message: "The last day must come after the first week",
    path: ["endsOn"],
  }) satisfies z.ZodType<ClassInput>;

export const memberForm = z.object({ studentId: z.uuid("Choose a student") });

export const sessionForm = z.object({
  room: z.string().trim().max(100, "Keep the room under 100 characters").default(""),
  meetingUrl: z
    .union([
      z.literal(""),
      z.url({ protocol: /^https$/, error: "Enter an https:// link" }).max(500, "Keep the link under 500 characters"),
    ])
    .default(""),
});

const statusValue = z.enum(["present", "late", "absent"], "Choose present, late or absent");
const MARK_FIELD = /^status-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The one-screen register: a `status-<student id>` field per student that was marked. */
export function parseMarks(body: unknown): Map<string, AttendanceStatus> {
  const marks = new Map<string, AttendanceStatus>();
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const match = MARK_FIELD.exec(key);
    if (!match) continue;
    const status = statusValue.safeParse(value);
    if (status.success) marks.set(match[1] as string, status.data);
    else errors[key] = "Choose present, late or absent";
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return marks;
}

/** One row saved by htmx: the row's own field (or a plain `status`). */
export function parseRowMark(body: unknown, studentId: string): AttendanceStatus {
  const fields = (body ?? {}) as Record<string, unknown>;
  const status = statusValue.safeParse(fields[`status-${studentId}`] ?? fields.status);
  if (!status.success) throw new ValidationError({ status: "Choose present, late or absent" });
  return status.data;
}
