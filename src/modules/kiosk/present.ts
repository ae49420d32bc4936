import type { AvatarImage } from "../../../views/components/avatar";
import type { KioskItem, KioskState } from "../../../views/kiosk/admin";
import type { BoardSession } from "../../../views/kiosk/board";
import { formatDateParts, formatTime, t } from "../../platform/i18n";
import { boardName } from "../gamification";
import type { CheckInRow, KioskRow } from "./queries";

/** Builds the plain data the kiosk views declare. */

const STAMP: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
const stamp = (timeZone: string, at: Date) => formatDateParts(at, STAMP, timeZone);

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

/** Today's arrivals grouped by session, in session order. */
export function toBoard(
  rows: CheckInRow[],
  timeZone: string,
  avatars: ReadonlyMap<string, AvatarImage> = new Map(),
): BoardSession[] {
  const sessions = new Map<string, BoardSession>();
  for (const row of rows) {
    let session = sessions.get(row.sessionId);
    if (!session) {
      session = {
        sessionId: row.sessionId,
        className: row.className,
        time: t("kiosk.timeRange", { from: formatTime(row.startsAt, timeZone), to: formatTime(row.endsAt, timeZone) }),
        arrivals: [],
      };
      sessions.set(row.sessionId, session);
    }
    const avatar = (row.avatarFileId && avatars.get(row.avatarFileId)) || null;
    session.arrivals.push({ name: boardName(row.studentName), late: row.status === "late", avatar });
  }
  return [...sessions.values()];
}
