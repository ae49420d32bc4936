import { Elysia } from "elysia";
import { type MySessionItem, MySessionsView } from "../../../views/my-sessions/my-sessions";
import { db } from "../../platform/db";
import { actorOf } from "../../platform/http/actor";
import { guard } from "../../web/guard";
import { isFeatureOn } from "../centres";
import {
  attendanceForStudent,
  centreTimeZone,
  dateLabel,
  localDate,
  localTime,
  type StudentAttendanceRow,
} from "../classes";

const DAY_MS = 24 * 3600 * 1000;
const DAYS_AHEAD = 14;

/** A session's meeting link reaches its own students only while the centre runs video sessions. */
export function toMySession(row: StudentAttendanceRow, timeZone: string, video: boolean): MySessionItem {
  const cancelled = row.sessionStatus === "cancelled";
  return {
    className: row.className,
    date: dateLabel(localDate(timeZone, row.startsAt)),
    time: `${localTime(timeZone, row.startsAt)}–${localTime(timeZone, row.endsAt)}`,
    cancelled,
    meetingUrl: video && !cancelled ? row.meetingUrl : null,
  };
}

/** A student's coming sessions (from those running now), with the online link when there is one. */
export const mySessionsRoutes = new Elysia({ name: "my-sessions-routes" }).use(guard).get(
  "/my-sessions",
  async ({ request, principal, page }) => {
    const actor = actorOf(principal, request);
    const now = new Date();
    const [rows, timeZone, video] = await Promise.all([
      attendanceForStudent(actor.centreId, actor.userId, {
        from: new Date(now.getTime() - DAY_MS / 4),
        to: new Date(now.getTime() + DAYS_AHEAD * DAY_MS),
      }),
      centreTimeZone(db, actor.centreId),
      isFeatureOn(actor.centreId, "video_sessions"),
    ]);
    const upcoming = rows.filter((row) => row.endsAt > now);
    return page(<MySessionsView sessions={upcoming.map((row) => toMySession(row, timeZone, video))} />, {
      title: "My sessions",
    });
  },
  { permission: "dashboard.student" },
);
