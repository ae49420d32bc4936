/**
 * When a student arriving at the kiosk is checked in to a session. A session is open for
 * check-in from an hour before it starts until it ends (so an afternoon arrival is not checked in
 * to the evening class); arriving more than ten minutes after the start is late.
 */
export const OPENS_MINUTES_BEFORE = 60;
export const LATE_AFTER_MINUTES = 10;

export interface CheckInSession {
  startsAt: Date;
  endsAt: Date;
  sessionStatus: "scheduled" | "cancelled";
}

export type Window = "open" | "later" | "over" | "cancelled";

export function checkInWindow(session: CheckInSession, now: Date): Window {
  if (session.sessionStatus === "cancelled") return "cancelled";
  if (now.getTime() >= session.endsAt.getTime()) return "over";
  if (now.getTime() < session.startsAt.getTime() - OPENS_MINUTES_BEFORE * 60_000) return "later";
  return "open";
}

export function arrivalStatus(startsAt: Date, now: Date): "present" | "late" {
  return now.getTime() > startsAt.getTime() + LATE_AFTER_MINUTES * 60_000 ? "late" : "present";
}
