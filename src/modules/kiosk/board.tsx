import { AttendanceBoard, BOARD_EVENT } from "../../../views/kiosk/board";
import { db } from "../../platform/db";
import { liveChannel, publishLive } from "../../platform/live";
import { defineLiveTopic } from "../../platform/live/topics";
import { roleHas } from "../../platform/permissions";
import type { CentreId } from "../../platform/tenancy";
import { centreTimeZone, dayBounds, localDate } from "../classes";
import { type BoardSession, toBoard } from "./present";
import { arrivalsBetween } from "./queries";

/**
 * Today's arrivals, live ("arrivals:<centre id>"): children's names and when they came, so only
 * the centre's own staff may follow them. The centre's kiosks follow them on their own stream.
 */
export const arrivalsTopic = defineLiveTopic("arrivals", async (viewer, id) =>
  id === viewer.centreId && roleHas(viewer.role, "arrivals.read") ? liveChannel.arrivals(id) : null,
);

/** Today's arrivals at the centre, in its timezone. */
export async function todaysBoard(centreId: CentreId, now = new Date()): Promise<BoardSession[]> {
  const timeZone = await centreTimeZone(db, centreId);
  const { from, to } = dayBounds(localDate(timeZone, now), timeZone);
  return toBoard(await arrivalsBetween(db, centreId, from, to), timeZone);
}

/** Every open arrivals board of the centre (its kiosks and its staff's screens) follows the arrivals channel. */
export async function publishBoard(centreId: CentreId, now = new Date()): Promise<void> {
  await publishLive(liveChannel.arrivals(centreId), {
    event: BOARD_EVENT,
    html: <AttendanceBoard sessions={await todaysBoard(centreId, now)} />,
  });
}
