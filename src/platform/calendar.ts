/**
 * The one home of calendar arithmetic: local dates and times in a centre's time zone, weeks, and
 * DST-safe conversion between wall-clock times and instants. A local date is a "YYYY-MM-DD"
 * string, a local time "HH:MM", a local date-time "YYYY-MM-DDTHH:MM" (a datetime-local input's
 * value); an instant is a Date. Each date is converted on its own, so a 16:00 class in London is
 * 16:00 in both GMT and BST.
 */

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Read back as numbers by wallClock, never shown: any locale with Latin digits would do.
    formatter = new Intl.DateTimeFormat("en-US-u-nu-latn", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;

/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string): WallClock {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return fields;
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const f = wallClock(instant, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** True for a real calendar date written "YYYY-MM-DD" (no 31 April). */
export function isLocalDate(text: string): boolean {
  const match = LOCAL_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

/** The local date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const f = wallClock(instant, timeZone);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** The local "HH:MM" of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  const f = wallClock(instant, timeZone);
  return `${pad(f.hour)}:${pad(f.minute)}`;
}

/** The instant as the value of a datetime-local input ("YYYY-MM-DDTHH:MM") in the zone. */
export function localDateTime(instant: Date, timeZone: string): string {
  return `${localDate(instant, timeZone)}T${localTime(instant, timeZone)}`;
}

/**
 * The instant a local date and time happen in a time zone. A time skipped by a spring-forward
 * change lands just after the gap; a repeated autumn time takes its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Real time zones change offset at most once within a day either side.
  const before = offsetAt(new Date(asUtc - DAY_MS), timeZone);
  const after = offsetAt(new Date(asUtc + DAY_MS), timeZone);
  const valid = [asUtc - before, asUtc - after].filter(
    (candidate) => offsetAt(new Date(candidate), timeZone) === asUtc - candidate,
  );
  return new Date(valid.length > 0 ? Math.min(...valid) : asUtc - before);
}

/** "2026-03-01T17:30" in the zone → the instant; null for text that is not a real date-time. */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return null;
  const [date, time] = text.split("T") as [string, string];
  const [hour, minute] = match.slice(4).map(Number) as [number, number];
  if (!isLocalDate(date) || hour > 23 || minute > 59) return null;
  return zonedInstant(date, time, timeZone);
}

/** What time it is in a centre: the instant, and its local date and time there. */
export function nowIn(timeZone: string, now: Date = new Date()): { instant: Date; date: string; time: string } {
  return { instant: now, date: localDate(now, timeZone), time: localTime(now, timeZone) };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one local date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the ISO week a date falls in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO 8601 week of a local date, as "2026-W07" (the label PostgreSQL's to_char(…, 'IYYY-"W"IW') gives). */
export function isoWeekOf(date: string): string {
  // The Thursday of the same week decides the ISO year.
  const thursday = new Date(Date.parse(`${date}T00:00:00Z`) + (4 - isoWeekday(date)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${pad(week)}`;
}

/** The Monday starting an ISO week label ("2026-W07"): week 1 is the week with 4 January in it. */
export function mondayOfIsoWeek(label: string): string {
  const year = Number(label.slice(0, 4));
  const week = Number(label.slice(6));
  return addDays(mondayOf(`${year}-01-04`), (week - 1) * 7);
}

/** The instants a local date begins and ends in a time zone (23 or 25 hours on a change day). */
export function dayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  return { from: zonedInstant(date, "00:00", timeZone), to: zonedInstant(addDays(date, 1), "00:00", timeZone) };
}

/** The instants the local Monday-to-Sunday week holding `date` begins and ends. */
export function weekBounds(date: string, timeZone: string): { from: Date; to: Date } {
  const monday = mondayOf(date);
  return { from: zonedInstant(monday, "00:00", timeZone), to: zonedInstant(addDays(monday, 7), "00:00", timeZone) };
}
