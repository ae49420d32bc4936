/** Days and weeks as the centre sees them: streaks and weekly boards follow its local calendar. */

/** "YYYY-MM-DD" of the instant in the zone. */
export function localDay(timeZone: string, at: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

function dayOf(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(dayNumber(day) + days);
}

/** ISO 8601 week of a local day, as "2026-W07" (the same label PostgreSQL's to_char(…, 'IYYY-"W"IW') gives). */
export function isoWeekOfDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of the same week decides the ISO year.
  const thursday = new Date(date.getTime() + (4 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - firstDay) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function isoWeek(timeZone: string, at: Date): string {
  return isoWeekOfDay(localDay(timeZone, at));
}

/** The Monday (local day) starting the ISO week that contains `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
  return addDays(day, 1 - weekday);
}

/**
 * Consecutive local days with XP, ending today, or ending yesterday when today has none yet (the
 * streak is still alive until the day is over). `days` are distinct local days, newest first.
 */
export function streakLength(days: readonly string[], today: string): number {
  const [latest] = days;
  if (latest === undefined || (latest !== today && latest !== addDays(today, -1))) return 0;
  let length = 1;
  while (length < days.length && days[length] === addDays(latest, -length)) length++;
  return length;
}

/** The Monday starting an ISO week label ("2026-W07"): week 1 is the week with 4 January in it. */
export function mondayOfIsoWeek(label: string): string {
  const year = Number(label.slice(0, 4));
  const week = Number(label.slice(6));
  return addDays(mondayOf(`${year}-01-04`), (week - 1) * 7);
}
