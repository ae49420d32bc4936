/**
 * Due dates are typed in the centre's local time and stored as instants (src/platform/calendar.ts
 * converts). Lateness is computed from them on every read, never stored, so extending a due date
 * corrects it everywhere at once.
 */

/** Late: handed in after the due time, or still not handed in once it has passed. */
export function isLate(dueAt: Date, submittedAt: Date | null, now: Date): boolean {
  return submittedAt ? submittedAt > dueAt : now > dueAt;
}
