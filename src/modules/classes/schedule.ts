import { addDays, isoWeekday, zonedInstant } from "../../platform/calendar";

/**
 * A class's weekly slot and its dated occurrences. A slot is a local wall-clock time in the
 * centre's time zone, so each date is converted to an instant on its own (platform/calendar.ts):
 * a 16:00 class in London is 16:00 in both GMT and BST.
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
