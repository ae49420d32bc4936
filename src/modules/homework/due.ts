/**
 * Due dates are typed in the centre's local time and stored as instants (src/platform/calendar.ts
 * converts). Lateness is computed from them on every read, never stored, so extending a due date
 * corrects it everywhere at once.
 */

/** "Tue 3 Mar, 17:30" in the centre's zone, for lists. */
export function formatDue(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

/** Late: handed in after the due time, or still not handed in once it has passed. */
export function isLate(dueAt: Date, submittedAt: Date | null, now: Date): boolean {
  return submittedAt ? submittedAt > dueAt : now > dueAt;
}
