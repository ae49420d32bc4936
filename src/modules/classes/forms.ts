import { z } from "zod";
import type { AttendanceStatus } from "../../platform/db/schema";
import { ValidationError } from "../../platform/errors";
import { lazy, type MessageKey, t } from "../../platform/i18n";
import type { ClassInput } from "./service";

/** A message rendered when the input is checked, in the language of the request then. */
const says = (key: MessageKey) => ({ error: lazy(key) });

/** A real calendar date in a sensible range (Postgres would refuse 2026-02-30 with a 500). */
const calendarDate = (key: MessageKey) =>
  z.iso
    .date(says(key))
    .refine(
      (date) =>
        date >= "2000-01-01" && date <= "2100-12-31" && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date),
      says(key),
    );

const chooseDay = says("classes.form.chooseDay");
const roomText = z.string().trim().max(100, says("classes.form.roomTooLong")).default("");

export const classForm = z
  .object({
    name: z.string().trim().min(1, says("classes.form.nameRequired")).max(200, says("classes.form.nameTooLong")),
    courseId: z.uuid(says("classes.form.chooseCourse")),
    tutorId: z.uuid(says("classes.form.chooseTutor")),
    weekday: z.coerce.number(chooseDay).int(chooseDay).min(1, chooseDay).max(7, chooseDay),
    startTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, says("classes.form.startTimeInvalid"))
      .transform((time) => time.slice(0, 5)),
    durationMinutes: z.coerce
      .number(says("classes.form.durationRequired"))
      .int(says("classes.form.durationWhole"))
      .min(5, says("classes.form.durationTooShort"))
      .max(600, says("classes.form.durationTooLong")),
    room: roomText,
    startsOn: calendarDate("classes.form.startsOnInvalid"),
    endsOn: z
      .union([z.literal(""), calendarDate("classes.form.endsOnInvalid")])
      .default("")
      .transform((date) => date || null),
  })
  .refine((form) => form.endsOn === null || form.endsOn >= form.startsOn, {
    ...says("classes.form.endsBeforeStart"),
    path: ["endsOn"],
  }) satisfies z.ZodType<ClassInput>;

export const memberForm = z.object({ studentId: z.uuid(says("classes.form.chooseStudent")) });

export const sessionForm = z.object({
  room: roomText,
  meetingUrl: z
    .union([
      z.literal(""),
      z.url({ protocol: /^https$/, ...says("classes.form.linkInvalid") }).max(500, says("classes.form.linkTooLong")),
    ])
    .default(""),
});

const statusValue = z.enum(["present", "late", "absent"], says("classes.form.chooseMark"));
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
    else errors[key] = t("classes.form.chooseMark");
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return marks;
}

/** One row saved by htmx: the row's own field (or a plain `status`). */
export function parseRowMark(body: unknown, studentId: string): AttendanceStatus {
  const fields = (body ?? {}) as Record<string, unknown>;
  const status = statusValue.safeParse(fields[`status-${studentId}`] ?? fields.status);
  if (!status.success) throw new ValidationError({ status: t("classes.form.chooseMark") });
  return status.data;
}
