import { daysBetween, localDate } from "../../platform/calendar";
import { currentLocale, formatDateParts, t } from "../../platform/i18n";

/**
 * Due dates are typed in the centre's local time and stored as instants (src/platform/calendar.ts
 * converts). Lateness is computed from them on every read, never stored, so extending a due date
 * corrects it everywhere at once.
 */

/** Late: handed in after the due time, or still not handed in once it has passed. */
export function isLate(dueAt: Date, submittedAt: Date | null, now: Date): boolean {
  return submittedAt ? submittedAt > dueAt : now > dueAt;
}

const DAY_AND_MONTH: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  minute: "2-digit",
};

/** Whether the language reads the clock in 24 hours ("09:05", "17:30") or 12 ("9:05 AM"). */
const twentyFourHours = new Map<string, boolean>();

function usesTwentyFourHours(locale: string): boolean {
  let answer = twentyFourHours.get(locale);
  if (answer === undefined) {
    const { hourCycle } = new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions();
    answer = hourCycle === "h23" || hourCycle === "h24";
    twentyFourHours.set(locale, answer);
  }
  return answer;
}

/**
 * A due (or handed-in) time in the centre's time zone and the reader's language: weekday, day,
 * month and time ("Tue 3 Mar, 09:30", "Tue, Mar 3, 9:30 AM", "mar, 3 mar, 09:30").
 */
export function formatDue(at: Date, timeZone: string): string {
  const hour = usesTwentyFourHours(currentLocale()) ? "2-digit" : "numeric";
  return formatDateParts(at, { ...DAY_AND_MONTH, hour }, timeZone);
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
