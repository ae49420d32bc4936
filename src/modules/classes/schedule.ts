import { addDays, isoWeekday, localDate, zonedInstant } from "../../platform/calendar";

/**
 * A class's weekly slots and their dated occurrences within its dates, holidays left out. A slot is a local wall-clock time in the
 * centre's time zone, so each date is converted to an instant on its own (platform/calendar.ts):
 * a 16:00 class in London is 16:00 in both GMT and BST.
 */

export interface WeeklySlot {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local start, "HH:MM" or "HH:MM:SS". */
  startTime: string;
  durationMinutes: number;
}

/** Inclusive local dates, such as a half-term holiday. */
export interface DateRange {
  startsOn: string;
  endsOn: string;
}

/** When a class meets: its slots between its dates (a term's or its own), except on holidays. */
export interface ClassCalendar {
  slots: WeeklySlot[];
  startsOn: string;
  endsOn: string | null;
  holidays: DateRange[];
}

export interface SlotOccurrence {
  startsAt: Date;
  endsAt: Date;
}

/** Every occurrence of a weekly slot on the dates from `from` to `to` inclusive, within the class's dates. */
export function occurrences(
  slot: WeeklySlot & Pick<ClassCalendar, "startsOn" | "endsOn">,
  from: string,
  to: string,
  timeZone: string,
): SlotOccurrence[] {
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

function onHoliday(date: string, holidays: DateRange[]): boolean {
  return holidays.some((holiday) => holiday.startsOn <= date && date <= holiday.endsOn);
}

/** Every session of a class from `from` to `to` inclusive, in time order: each slot's occurrences outside holidays. */
export function classOccurrences(
  calendar: ClassCalendar,
  from: string,
  to: string,
  timeZone: string,
): SlotOccurrence[] {
  const { startsOn, endsOn, holidays } = calendar;
  return calendar.slots
    .flatMap((slot) => occurrences({ ...slot, startsOn, endsOn }, from, to, timeZone))
    .filter((session) => !onHoliday(localDate(session.startsAt, timeZone), holidays))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
