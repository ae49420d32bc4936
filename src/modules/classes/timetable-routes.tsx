import { Elysia } from "elysia";
import { z } from "zod";
import { AttendanceRow, AttendanceView } from "../../../views/classes/attendance";
import { TimetableView } from "../../../views/classes/timetable";
import { addDays, dayBounds, localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import { outranks, roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { recordAction } from "../../web/record-action";
import { mayTeach } from "./access";
import { parseMarks, parseRowMark, sessionForm } from "./forms";
import { dateLabel, toAttendanceRow, toAttendanceRows, toSessionItem, weekDays, weekStartOf } from "./present";
import { marksForSession, membersOf, type SessionRecord, sessionRecord, sessionsBetween } from "./queries";
import { cancelSession, recordAttendance, restoreSession, takeAttendance, updateSessionDetails } from "./service";

const timetableQuery = z.object({
  week: z.iso
    .date({ error: lazy("classes.timetable.chooseWeek") })
    .optional()
    .catch(undefined),
  who: z.enum(["mine", "all"]).optional().catch(undefined),
});

const sessionId = z.uuid({ error: lazy("classes.error.sessionNotFound") });
const sessionParams = z.object({ id: sessionId });
const rowParams = z.object({
  id: sessionId,
  studentId: z.uuid({ error: lazy("classes.error.studentNotFound") }),
});

const NOTICES = { saved: "classes.notice.attendanceSaved", details: "classes.notice.detailsSaved" } as const;
const noticeQuery = z.object({ done: z.enum(["saved", "details"]).optional().catch(undefined) });

/** The session, if the actor teaches its class (head tutors and up: any class). */
async function taughtSession(actor: Actor, id: string): Promise<SessionRecord> {
  const session = await sessionRecord(db, actor.centreId, id);
  if (!session || !mayTeach(actor, session.tutorId)) throw new NotFoundError(t("classes.error.sessionNotFound"));
  return session;
}

/** Tutors see their own sessions unless they ask for the whole centre; staff above see everything. */
function timetableScope(actor: Actor, who: "mine" | "all" | undefined): "mine" | "all" {
  return who ?? (outranks(actor.role, "tutor") ? "all" : "mine");
}

export const timetableRoutes = new Elysia({ name: "timetable-routes" })
  .use(guard)
  .get(
    "/timetable",
    async ({ query, actor, page }) => {
      const filters = parseInput(timetableQuery, query);
      const who = timetableScope(actor, filters.who);
      const { timeZone } = actor.centre;
      const valid = filters.week && filters.week >= "2000-01-01" && filters.week <= "2100-12-31";
      // The week is laid out from the reader's first day of the week (Monday in Britain, Sunday in the US).
      const start = weekStartOf(valid ? (filters.week as string) : localDate(new Date(), timeZone));
      const sessions = await sessionsBetween(
        db,
        actor.centreId,
        dayBounds(start, timeZone).from,
        dayBounds(addDays(start, 6), timeZone).to,
        who === "mine" ? actor.userId : undefined,
      );
      const canTake = roleHas(actor.role, "attendance.take");
      const items = sessions.map((session) =>
        toSessionItem(session, timeZone, canTake && mayTeach(actor, session.tutorId)),
      );
      return page(
        <TimetableView
          days={weekDays(start, items)}
          weekLabel={t("classes.timetable.weekOf", { date: dateLabel(start) })}
          previousWeek={addDays(start, -7)}
          nextWeek={addDays(start, 7)}
          who={who}
          canChooseWho
        />,
        { title: t("classes.title.timetable") },
      );
    },
    { permission: "timetable.read" },
  )
  .get(
    "/timetable/sessions/:id",
    async ({ params, query, actor, page, csrfToken }) => {
      const session = await taughtSession(actor, parseInput(sessionParams, params).id);
      const [members, marks] = await Promise.all([
        membersOf(db, actor.centreId, session.classId),
        marksForSession(db, actor.centreId, session.id),
      ]);
      const { timeZone, features } = actor.centre;
      const { done } = parseInput(noticeQuery, query);
      const item = toSessionItem(session, timeZone, true);
      return page(
        <AttendanceView
          csrfToken={csrfToken}
          session={item}
          rows={roleHas(actor.role, "attendance.take") ? toAttendanceRows(members, marks, timeZone) : []}
          video={features.video_sessions}
          canUpdate={roleHas(actor.role, "class_session.update")}
          notice={done ? t(NOTICES[done]) : null}
        />,
        {
          title: t("classes.title.session", { className: session.className, date: item.dateLabel }),
          liveTopics: [`attendance:${session.id}`],
        },
      );
    },
    { permission: "class_session.read" },
  )
  .post(
    "/timetable/sessions/:id/attendance",
    async ({ request, params, body, actor }) => {
      const session = await taughtSession(actor, parseInput(sessionParams, params).id);
      await takeAttendance(actor, session.id, parseMarks(body));
      return redirectTo(request, `/timetable/sessions/${session.id}?done=saved`);
    },
    { permission: "attendance.take" },
  )
  .post(
    "/timetable/sessions/:id/attendance/:studentId",
    async ({ request, params, body, actor }) => {
      const { id, studentId } = parseInput(rowParams, params);
      const session = await taughtSession(actor, id);
      // The class's members are read once, before the write: its membership check and the row it
      // answers with (issue 17: the session and the membership were read twice).
      const mark = parseRowMark(body, studentId);
      const members = await membersOf(db, actor.centreId, session.classId);
      await recordAttendance(actor, session.id, studentId, mark, "tutor", undefined, { session, members });
      if (!isFragmentRequest(request)) return redirectTo(request, `/timetable/sessions/${session.id}?done=saved`);
      const marks = await marksForSession(db, actor.centreId, session.id);
      const member = members.find((candidate) => candidate.id === studentId);
      if (!member) throw new NotFoundError(t("classes.error.studentNotInClass"));
      const row = toAttendanceRow(
        member,
        marks.find((mark) => mark.studentId === studentId),
        actor.centre.timeZone,
      );
      return htmlResponse(request, <AttendanceRow sessionId={session.id} row={row} saved />);
    },
    { permission: "attendance.take" },
  )
  .post(
    "/timetable/sessions/:id",
    async ({ request, params, body, actor }) => {
      const { id } = parseInput(sessionParams, params);
      await updateSessionDetails(actor, id, parseInput(sessionForm, body));
      return redirectTo(request, `/timetable/sessions/${id}?done=details`);
    },
    { permission: "class_session.update" },
  )
  .post(
    "/timetable/sessions/:id/cancel",
    recordAction(sessionParams, cancelSession, (id) => `/timetable/sessions/${id}`),
    { permission: "class_session.update" },
  )
  .post(
    "/timetable/sessions/:id/restore",
    recordAction(sessionParams, restoreSession, (id) => `/timetable/sessions/${id}`),
    { permission: "class_session.update" },
  );
