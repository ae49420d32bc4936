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

const DUE_24: Intl.DateTimeFormatOptions = { ...DAY_AND_MONTH, hour: "2-digit" };
const DUE_12: Intl.DateTimeFormatOptions = { ...DAY_AND_MONTH, hour: "numeric" };

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
  return formatDateParts(at, usesTwentyFourHours(currentLocale()) ? DUE_24 : DUE_12, timeZone);
}

const HOUR_MS = 3_600_000;

/**
 * How far off the due time is, as a student thinks of it: "due in 3 hours" on the day, else in
 * calendar days of the centre ("due tomorrow", "was due 2 days ago").
 */
export function dueRelative(dueAt: Date, now: Date, timeZone: string, today = localDate(now, timeZone)): string {
  const ahead = dueAt.getTime() - now.getTime();
  const days = daysBetween(today, localDate(dueAt, timeZone));
  if (ahead <= 0) return sentence("homework.due.daysAgo", -days);
  if (ahead < 12 * HOUR_MS) return sentence("homework.due.inHours", Math.floor(ahead / HOUR_MS));
  return sentence("homework.due.inDays", days);
}

type DueSentence = "homework.due.daysAgo" | "homework.due.inHours" | "homework.due.inDays";
/** Each sentence per language and number, worded once: a list of 25 due dates repeats a few. */
const sentences = new Map<string, string>();
const SENTENCES_KEPT = 10_000;

function sentence(key: DueSentence, n: number): string {
  const id = `${currentLocale()}\u0000${key}\u0000${n}`;
  let text = sentences.get(id);
  if (text === undefined) {
    text = t(key, key === "homework.due.inHours" ? { hours: n } : { days: n });
    if (sentences.size < SENTENCES_KEPT) sentences.set(id, text);
  }
  return text;
}
