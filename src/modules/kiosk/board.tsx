import { AttendanceBoard, BOARD_EVENT } from "../../../views/kiosk/board";
import { db } from "../../platform/db";
import { liveChannel, publishLive } from "../../platform/live";
import type { CentreId } from "../../platform/tenancy";
import { centreTimezone } from "../classes/generate";
import { dayBounds, localDate } from "../classes/schedule";
import { type BoardSession, toBoard } from "./present";
import { arrivalsBetween } from "./queries";

/** Today's arrivals at the centre, in its timezone. */
export async function todaysBoard(centreId: CentreId, now = new Date()): Promise<BoardSession[]> {
  const timezone = await centreTimezone(db, centreId);
  const { from, to } = dayBounds(localDate(timezone, now), timezone);
  return toBoard(await arrivalsBetween(db, centreId, from, to), timezone);
}

/** Every open board of the centre (kiosks and staff screens) follows the centre channel. */
export async function publishBoard(centreId: CentreId, now = new Date()): Promise<void> {
  await publishLive(liveChannel.centre(centreId), {
    event: BOARD_EVENT,
    html: <AttendanceBoard sessions={await todaysBoard(centreId, now)} />,
  });
}
