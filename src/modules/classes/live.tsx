import { AttendanceRow } from "../../../views/classes/attendance";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { liveChannel, publishLive } from "../../platform/live";
import { defineLiveTopic } from "../../platform/live/topics";
import { roleHas } from "../../platform/permissions";
import type { CentreContext } from "../../platform/principal";
import { mayTeach } from "./access";
import { toAttendanceRow } from "./present";
import { marksForSession, membersOf, sessionRecord } from "./queries";

/** The live event that replaces one student's row on a session's register. */
export function attendanceRowEvent(studentId: string): string {
  return `attendance-${studentId}`;
}

/** A session's register follows its live channel: whoever may take its attendance. */
export const attendanceTopic = defineLiveTopic("attendance", async (viewer, id) => {
  if (!roleHas(viewer.role, "attendance.take")) return null;
  const session = await sessionRecord(db, viewer.centreId, id);
  return session && mayTeach(viewer, session.tutorId) ? liveChannel.attendance(id) : null;
});

/**
 * Pushes a student's re-rendered register row to everyone with the session's register open, after
 * a mark made elsewhere (a kiosk check-in). The tutor's own changes answer their request instead,
 * so their keyboard focus is never swapped away. One fragment goes to every viewer, so it is
 * written in the centre's language and clock, not the kiosk request's.
 */
export async function publishAttendanceRow(
  centre: Pick<CentreContext, "id" | "timeZone" | "locale">,
  sessionId: string,
  studentId: string,
): Promise<void> {
  const session = await sessionRecord(db, centre.id, sessionId);
  if (!session) return;
  const [members, marks] = await Promise.all([
    membersOf(db, centre.id, session.classId),
    marksForSession(db, centre.id, sessionId),
  ]);
  const member = members.find((candidate) => candidate.id === studentId);
  if (!member) return;
  const html = withLocalisation({ locale: centre.locale, timeZone: centre.timeZone }, () => {
    const row = toAttendanceRow(
      member,
      marks.find((mark) => mark.studentId === studentId),
      centre.timeZone,
    );
    return <AttendanceRow sessionId={sessionId} row={row} />;
  });
  await publishLive(liveChannel.attendance(sessionId), { event: attendanceRowEvent(studentId), html });
}
