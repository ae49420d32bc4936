import type { AvatarImage } from "../../../views/components/avatar";
import { AttendanceBoard, BOARD_EVENT, type BoardSession } from "../../../views/kiosk/board";
import type { RosterTile } from "../../../views/kiosk/screen";
import { dayBounds, localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { liveChannel, publishLive } from "../../platform/live";
import { defineLiveTopic } from "../../platform/live/topics";
import { roleHas } from "../../platform/permissions";
import type { CentreContext } from "../../platform/principal";
import type { CentreId } from "../../platform/tenancy";
import { avatarThumbnail } from "../files";
import { personById } from "../people";
import { OPENS_MINUTES_BEFORE } from "./check-in";
import { toBoard, toRosterTiles } from "./present";
import { arrivalsBetween, expectedStudents } from "./queries";

/**
 * Today's arrivals, live ("arrivals:<centre id>"): children's names and when they came, so only
 * the centre's own staff may follow them. The centre's kiosks follow them on their own stream.
 */
export const arrivalsTopic = defineLiveTopic("arrivals", async (viewer, id) =>
  id === viewer.centreId && roleHas(viewer.role, "arrivals.read") ? liveChannel.arrivals(id) : null,
);

type BoardCentre = Pick<CentreContext, "id" | "timeZone" | "locale">;

/** Today's arrivals at the centre, in its time zone. */
export async function todaysBoard(centre: BoardCentre, now = new Date()): Promise<BoardSession[]> {
  const { from, to } = dayBounds(localDate(now, centre.timeZone), centre.timeZone);
  const rows = await arrivalsBetween(db, centre.id, from, to);
  return toBoard(
    rows,
    centre.timeZone,
    await avatarsOf(
      centre.id,
      rows.map((row) => row.avatarFileId),
    ),
  );
}

/**
 * Every open arrivals board of the centre (its kiosks and its staff's screens) follows the
 * arrivals channel, so the fragment is written in the centre's language.
 */
export async function publishBoard(centre: BoardCentre, now = new Date()): Promise<void> {
  const sessions = await todaysBoard(centre, now);
  const html = withLocalisation({ locale: centre.locale, timeZone: centre.timeZone }, () => (
    <AttendanceBoard sessions={sessions} />
  ));
  await publishLive(liveChannel.arrivals(centre.id), { event: BOARD_EVENT, html });
}

/** Avatar thumbnails for the rows' files, once per file. */
async function avatarsOf(centreId: CentreId, fileIds: (string | null)[]): Promise<Map<string, AvatarImage>> {
  const avatars = new Map<string, AvatarImage>();
  for (const fileId of new Set(fileIds)) {
    const image = fileId && (await avatarThumbnail(centreId, fileId));
    if (fileId && image) avatars.set(fileId, image);
  }
  return avatars;
}

/** The students expected at the centre now (sessions open for check-in), as tiles to tap. */
export async function expectedNow(centreId: CentreId, now = new Date()): Promise<RosterTile[]> {
  const rows = await expectedStudents(db, centreId, now, OPENS_MINUTES_BEFORE * 60_000);
  return toRosterTiles(
    rows,
    await avatarsOf(
      centreId,
      rows.map((row) => row.avatarFileId),
    ),
  );
}

/** One active student of the centre as a tile (the number pad's heading), or null. */
export async function studentTile(centreId: CentreId, studentId: string): Promise<RosterTile | null> {
  const person = await personById(db, centreId, studentId);
  if (person?.role !== "student" || person.status !== "active") return null;
  const avatar = await avatarThumbnail(centreId, person.avatarFileId);
  const firstName = person.name.trim().split(/\s+/)[0] ?? person.name;
  return { studentId: person.id, firstName, avatar, arrived: false };
}
