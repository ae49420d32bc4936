import { Elysia } from "elysia";
import { type MySessionItem, MySessionsView } from "../../../views/my-sessions/my-sessions";
import { formatDateParts, formatTime, t } from "../../platform/i18n";
import { guard } from "../../web/guard";
import { attendanceForStudent, type StudentAttendanceRow } from "../classes";

const DAY_MS = 24 * 3600 * 1000;
const DAYS_AHEAD = 14;

const DAY: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "long", year: "numeric" };

/**
 * A session's meeting link reaches its own students only while the centre runs video sessions.
 * Its day and times are in the reader's language and the centre's time zone.
 */
export function toMySession(row: StudentAttendanceRow, timeZone: string, video: boolean): MySessionItem {
  const cancelled = row.sessionStatus === "cancelled";
  return {
    className: row.className,
    when: t("my-sessions.when", {
      date: formatDateParts(row.startsAt, DAY, timeZone),
      time: t("my-sessions.timeRange", {
        start: formatTime(row.startsAt, timeZone),
        end: formatTime(row.endsAt, timeZone),
      }),
    }),
    cancelled,
    meetingUrl: video && !cancelled ? row.meetingUrl : null,
  };
}

/** A student's coming sessions (from those running now), with the online link when there is one. */
export const mySessionsRoutes = new Elysia({ name: "my-sessions-routes" }).use(guard).get(
  "/my-sessions",
  async ({ actor, page }) => {
    const now = new Date();
    const rows = await attendanceForStudent(actor.centreId, actor.userId, {
      from: new Date(now.getTime() - DAY_MS / 4),
      to: new Date(now.getTime() + DAYS_AHEAD * DAY_MS),
    });
    const { timeZone, features } = actor.centre;
    const video = features.video_sessions;
    const upcoming = rows.filter((row) => row.endsAt > now);
    return page(<MySessionsView sessions={upcoming.map((row) => toMySession(row, timeZone, video))} />, {
      title: t("my-sessions.title"),
    });
  },
  { permission: "dashboard.student" },
);
