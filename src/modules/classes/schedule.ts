/**
 * Calendar arithmetic for weekly class slots. A slot is a local wall-clock time in the centre's
 * timezone, so each date is converted to an instant on its own: a 16:00 class in London is 16:00
 * in both GMT and BST. Dates are "YYYY-MM-DD" strings; instants are Dates.
 */

export interface WeeklySlot {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local start, "HH:MM" or "HH:MM:SS". */
  startTime: string;
  durationMinutes: number;
  startsOn: string;
  endsOn: string | null;
}

export interface SlotOccurrence {
  startsAt: Date;
  endsAt: Date;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone,
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

/** The wall-clock fields of an instant in a timezone. */
function wallClock(
  timeZone: string,
  instant: Date,
): Record<"year" | "month" | "day" | "hour" | "minute" | "second", number> {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return fields;
}

/** How far the timezone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(timeZone: string, instant: Date): number {
  const f = wallClock(timeZone, instant);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date of an instant in a timezone. */
export function localDate(timeZone: string, instant: Date): string {
  const f = wallClock(timeZone, instant);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** The local "HH:MM" of an instant in a timezone. */
export function localTime(timeZone: string, instant: Date): string {
  const f = wallClock(timeZone, instant);
  return `${pad(f.hour)}:${pad(f.minute)}`;
}

/**
 * The instant a local date and time happen in a timezone. A time skipped by a spring-forward
 * change lands just after the gap; a repeated autumn time takes its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Real timezones change offset at most once within a day either side.
  const before = offsetAt(timeZone, new Date(asUtc - DAY_MS));
  const after = offsetAt(timeZone, new Date(asUtc + DAY_MS));
  const valid = [asUtc - before, asUtc - after].filter((candidate) => {
    return offsetAt(timeZone, new Date(candidate)) === asUtc - candidate;
  });
  return new Date(valid.length > 0 ? Math.min(...valid) : asUtc - before);
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The instants a local date begins and ends in a timezone (23 or 25 hours on a change day). */
export function dayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  return { from: zonedInstant(date, "00:00", timeZone), to: zonedInstant(addDays(date, 1), "00:00", timeZone) };
}

/** Every occurrence of a weekly slot on the dates from `from` to `to` inclusive, within the class's dates. */
export function occurrences(slot: WeeklySlot, from: string, to: string, timeZone: string): SlotOccurrence[] {
  const first = from > slot.startsOn ? from : slot.startsOn;
  const last = slot.endsOn !== null && slot.endsOn < to ? slot.endsOn : to;
  const result: SlotOccurrence[] = [];
  let date = addDays(first, (slot.weekday - isoWeekday(first) + 7) % 7);
  for (; date <= last; date = addDays(date, 7)) {
    const startsAt = zonedInstant(date, slot.startTime, timeZone);
    result.push({ startsAt, endsAt: new Date(startsAt.getTime() + slot.durationMinutes * 60_000) });
  }
  return result;
}
