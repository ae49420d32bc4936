import { currentLocalisation } from "./context";
import type { Locale } from "./locales";

/**
 * Dates, times and numbers in the current language and the centre's time zone, through `Intl`:
 * 24-hour clocks where the locale uses them (en-GB, es), 12-hour where it does not (en-US, ar).
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

function dateTimeFormat(options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  const { locale, timeZone: current } = currentLocalisation();
  const zone = timeZone ?? current;
  return cached(`dt\u0000${locale}\u0000${zone}\u0000${JSON.stringify(options)}`, () => {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
  });
}

export type DateStyle = "short" | "medium" | "long" | "full";

/** A day ("1 Dec 2026", "Dec 1, 2026", "1 dic 2026"). */
export function formatDate(at: Date, style: DateStyle = "medium", timeZone?: string): string {
  return dateTimeFormat({ dateStyle: style }, timeZone).format(at);
}

/** A time of day ("16:30", "4:30 PM"). */
export function formatTime(at: Date, timeZone?: string): string {
  return dateTimeFormat({ timeStyle: "short" }, timeZone).format(at);
}

/** A moment, day and time ("1 Dec 2026, 16:30"). */
export function formatDateTime(at: Date, style: DateStyle = "medium", timeZone?: string): string {
  return dateTimeFormat({ dateStyle: style, timeStyle: "short" }, timeZone).format(at);
}

/** Any other date shape the locale should arrange ("Mon 1 Dec", "December 2026"). */
export function formatDateParts(at: Date, options: Intl.DateTimeFormatOptions, timeZone?: string): string {
  return dateTimeFormat(options, timeZone).format(at);
}

/**
 * A calendar day kept as "YYYY-MM-DD" (a lesson's date, a due day): shown as that day wherever
 * the reader is, so it is formatted at noon UTC in UTC.
 */
export function formatLocalDate(day: string, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  return dateTimeFormat(options, "UTC").format(new Date(`${day}T12:00:00Z`));
}

/** A weekday name for an ISO weekday (1 = Monday … 7 = Sunday). */
export function weekdayName(isoWeekday: number, width: "long" | "short" | "narrow" = "long"): string {
  // 2024-01-01 was a Monday.
  return formatLocalDate(`2024-01-0${isoWeekday}`, { weekday: width });
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  const { locale } = currentLocalisation();
  return cached(
    `n\u0000${locale}\u0000${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  ).format(value);
}

/** A ratio (0.75) as a percentage in the locale's way ("75%", "75 %", "٧٥٪"). */
export function formatPercent(ratio: number, maximumFractionDigits = 0): string {
  return formatNumber(ratio, { style: "percent", maximumFractionDigits });
}

/** "Ann, Bob and Cal" / "Ann, Bob y Cal". */
export function formatList(items: string[], type: Intl.ListFormatType = "conjunction"): string {
  const { locale } = currentLocalisation();
  return cached(`l\u0000${locale}\u0000${type}`, () => new Intl.ListFormat(locale, { type })).format(items);
}

interface WeekInfo {
  firstDay: number;
  weekend: number[];
}

/** The ISO weekday a week starts on where the locale is used (1 Monday, 6 Saturday, 7 Sunday). */
export function firstDayOfWeek(locale: Locale = currentLocalisation().locale): number {
  const intlLocale = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };
  const info = intlLocale.getWeekInfo?.() ?? intlLocale.weekInfo;
  return info?.firstDay ?? 1;
}

/** The seven ISO weekdays in the order a week is laid out in the locale. */
export function weekdaysInOrder(locale: Locale = currentLocalisation().locale): number[] {
  const first = firstDayOfWeek(locale);
  return Array.from({ length: 7 }, (_, index) => ((first - 1 + index) % 7) + 1);
}
