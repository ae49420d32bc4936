import type { AvatarImage } from "../../../views/components/avatar";
import { AttendanceBoard, BOARD_EVENT, type BoardSession } from "../../../views/kiosk/board";
import { dayBounds, localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { liveChannel, publishLive } from "../../platform/live";
import { defineLiveTopic } from "../../platform/live/topics";
import { roleHas } from "../../platform/permissions";
import type { CentreContext } from "../../platform/principal";
import { avatarThumbnail } from "../files";
import { toBoard } from "./present";
import { arrivalsBetween } from "./queries";

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
  const avatars = new Map<string, AvatarImage>();
  for (const fileId of new Set(rows.map((row) => row.avatarFileId))) {
    const image = fileId && (await avatarThumbnail(centre.id, fileId));
    if (fileId && image) avatars.set(fileId, image);
  }
  return toBoard(rows, centre.timeZone, avatars);
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
