import { daysBetween, localDate } from "../../platform/calendar";
import { formatDateParts, t } from "../../platform/i18n";

/**
 * Due dates are typed in the centre's local time and stored as instants (src/platform/calendar.ts
 * converts). Lateness is computed from them on every read, never stored, so extending a due date
 * corrects it everywhere at once.
 */

/** Late: handed in after the due time, or still not handed in once it has passed. */
export function isLate(dueAt: Date, submittedAt: Date | null, now: Date): boolean {
  return submittedAt ? submittedAt > dueAt : now > dueAt;
}

/** Weekday, day, month and time ("Tue 3 Mar, 17:30", "mar, 3 mar, 17:30"), in the current language. */
const DUE_FORMAT: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "numeric",
  minute: "2-digit",
};

/** A due (or handed-in) time as words in the centre's time zone and the reader's language. */
export function formatDue(at: Date, timeZone: string): string {
  return formatDateParts(at, DUE_FORMAT, timeZone);
}

const HOUR_MS = 3_600_000;

/**
 * How far off the due time is, as a student thinks of it: "due in 3 hours" on the day, else in
 * calendar days of the centre ("due tomorrow", "was due 2 days ago").
 */
export function dueRelative(dueAt: Date, now: Date, timeZone: string): string {
  const ahead = dueAt.getTime() - now.getTime();
  const days = daysBetween(localDate(now, timeZone), localDate(dueAt, timeZone));
  if (ahead <= 0) return t("homework.due.daysAgo", { days: -days });
  if (ahead < 12 * HOUR_MS) return t("homework.due.inHours", { hours: Math.floor(ahead / HOUR_MS) });
  return t("homework.due.inDays", { days });
}
