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
const optionalDate = (key: MessageKey) =>
  z
    .union([z.literal(""), calendarDate(key)])
    .default("")
    .transform((date) => date || null);

/** One weekly slot row of the class form; a row whose day is left empty is no slot (so clearing a day removes it). */
const slotRow = z
  .object({
    weekday: z.coerce.number(chooseDay).int(chooseDay).min(1, chooseDay).max(7, chooseDay),
    startTime: z
      .string(says("classes.form.startTimeInvalid"))
      .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, says("classes.form.startTimeInvalid"))
      .transform((time) => time.slice(0, 5)),
    durationMinutes: z.coerce
      .number(says("classes.form.durationRequired"))
      .int(says("classes.form.durationWhole"))
      .min(5, says("classes.form.durationTooShort"))
      .max(600, says("classes.form.durationTooLong")),
  })
  .nullable();

export interface SlotRowValues {
  weekday: string;
  startTime: string;
  durationMinutes: string;
}

/** A posted field as a list: one row posts a string, several an array. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item : ""));
  return typeof value === "string" ? [value] : [];
}

/** The slot rows as typed, row by row (the form repeats weekday, startTime and durationMinutes once per row). */
export function slotRowsOf(body: unknown): SlotRowValues[] {
  const fields = (body ?? {}) as Record<string, unknown>;
  const [days, starts, lengths] = [listOf(fields.weekday), listOf(fields.startTime), listOf(fields.durationMinutes)];
  return Array.from({ length: Math.max(days.length, starts.length, lengths.length) }, (_, row) => ({
    weekday: days[row] ?? "",
    startTime: starts[row] ?? "",
    durationMinutes: lengths[row] ?? "",
  }));
}

export const classForm = z
  .preprocess(
    (body) => ({
      ...((body ?? {}) as object),
      slots: slotRowsOf(body).map((row) => (row.weekday === "" ? null : row)),
    }),
    z.object({
      name: z.string().trim().min(1, says("classes.form.nameRequired")).max(200, says("classes.form.nameTooLong")),
      courseId: z.uuid(says("classes.form.chooseCourse")),
      tutorId: z.uuid(says("classes.form.chooseTutor")),
      slots: z.array(slotRow),
      room: roomText,
      termId: z
        .union([z.literal(""), z.uuid(says("classes.form.chooseTerm"))])
        .default("")
        .transform((id) => id || null),
      startsOn: optionalDate("classes.form.startsOnInvalid"),
      endsOn: optionalDate("classes.form.endsOnInvalid"),
    }),
  )
  .superRefine((form, context) => {
    const seen = new Set<string>();
    form.slots.forEach((slot, row) => {
      if (!slot) return;
      const key = `${slot.weekday} ${slot.startTime}`;
      if (seen.has(key))
        context.addIssue({ code: "custom", path: ["slots", row, "startTime"], message: t("classes.form.slotTwice") });
      seen.add(key);
    });
    if (seen.size === 0)
      context.addIssue({ code: "custom", path: ["slots", 0, "weekday"], message: t("classes.form.slotRequired") });
    if (form.termId !== null) return;
    if (form.startsOn === null)
      context.addIssue({ code: "custom", path: ["startsOn"], message: t("classes.form.startsOnInvalid") });
    else if (form.endsOn !== null && form.endsOn < form.startsOn)
      context.addIssue({ code: "custom", path: ["endsOn"], message: t("classes.form.endsBeforeStart") });
  })
  .transform(
    (form): ClassInput => ({
      ...form,
      slots: form.slots
        .filter((slot) => slot !== null)
        .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime)),
      // A class that follows a term takes the term's dates (classes service).
      startsOn: form.startsOn ?? "",
    }),
  );

/** A centre term or holiday: a name and inclusive dates. */
export const datedRangeForm = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, says("classes.calendar.nameRequired"))
      .max(100, says("classes.calendar.nameTooLong")),
    startsOn: calendarDate("classes.calendar.startsOnInvalid"),
    endsOn: calendarDate("classes.calendar.endsOnInvalid"),
  })
  .refine((form) => form.endsOn >= form.startsOn, {
    ...says("classes.calendar.endsBeforeStart"),
    path: ["endsOn"],
  });

/** Enrolment: a checkbox per student posted as one `studentIds` list (or a single `studentId`). */
export const membersForm = z.preprocess(
  (body) => {
    const fields = (body ?? {}) as Record<string, unknown>;
    return { studentIds: listOf(fields.studentIds ?? fields.studentId) };
  },
  z.object({
    studentIds: z.array(z.uuid(says("classes.form.chooseStudent"))).min(1, says("classes.form.chooseStudents")),
  }),
);

export const moveForm = z.object({ toClassId: z.uuid(says("classes.move.chooseClass")) });

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
