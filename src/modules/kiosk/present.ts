import type { AvatarImage } from "../../../views/components/avatar";
import type { KioskItem, KioskState } from "../../../views/kiosk/admin";
import type { BoardSession } from "../../../views/kiosk/board";
import type { RosterTile } from "../../../views/kiosk/screen";
import { formatDateParts, formatTime, t } from "../../platform/i18n";
import { boardName } from "../gamification";
import type { CheckInRow, ExpectedRow, KioskRow } from "./queries";

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

/** First names on the roster; where two children share one, the surname's initial tells them apart. */
export function toRosterTiles(
  rows: ExpectedRow[],
  avatars: ReadonlyMap<string, AvatarImage> = new Map(),
): RosterTile[] {
  const firstOf = (name: string) => name.trim().split(/\s+/)[0] ?? name;
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(firstOf(row.name), (counts.get(firstOf(row.name)) ?? 0) + 1);
  return rows.map((row) => ({
    studentId: row.id,
    firstName: (counts.get(firstOf(row.name)) ?? 0) > 1 ? boardName(row.name) : firstOf(row.name),
    avatar: (row.avatarFileId && avatars.get(row.avatarFileId)) || null,
    arrived: row.arrived,
  }));
}
