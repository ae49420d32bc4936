import { localTime } from "../classes";
import { boardName } from "../gamification";
import type { CheckInRow, KioskRow } from "./queries";

/** Plain data for the kiosk views. */

export type KioskState = "paired" | "waiting" | "expired" | "revoked";

export interface KioskItem {
  id: string;
  name: string;
  state: KioskState;
  lastSeen: string | null;
  enrolled: string;
}

const stamp = (timeZone: string, at: Date) =>
  `${at.toLocaleDateString("en-GB", { timeZone: timeZone, day: "numeric", month: "short" })} ${localTime(timeZone, at)}`;

export function kioskState(row: KioskRow, now: Date): KioskState {
  if (row.revokedAt) return "revoked";
  if (row.pairedAt) return "paired";
  return row.pairingExpiresAt && row.pairingExpiresAt > now ? "waiting" : "expired";
}

export function toKioskItem(row: KioskRow, lastSeen: Date | null, timeZone: string, now: Date): KioskItem {
  return {
    id: row.id,
    name: row.name,
    state: kioskState(row, now),
    lastSeen: lastSeen ? stamp(timeZone, lastSeen) : null,
    enrolled: stamp(timeZone, row.createdAt),
  };
}

export interface BoardSession {
  sessionId: string;
  className: string;
  time: string;
  arrivals: { name: string; late: boolean }[];
}

/** Today's arrivals grouped by session, in session order. */
export function toBoard(rows: CheckInRow[], timeZone: string): BoardSession[] {
  const sessions = new Map<string, BoardSession>();
  for (const row of rows) {
    let session = sessions.get(row.sessionId);
    if (!session) {
      session = {
        sessionId: row.sessionId,
        className: row.className,
        time: `${localTime(timeZone, row.startsAt)}–${localTime(timeZone, row.endsAt)}`,
        arrivals: [],
      };
      sessions.set(row.sessionId, session);
    }
    session.arrivals.push({ name: boardName(row.studentName), late: row.status === "late" });
  }
  return [...sessions.values()];
}
