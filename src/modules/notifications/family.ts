import { localDate } from "../../platform/calendar";
import { currentCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { type DomainEvent, eventHandler } from "../../platform/events";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { classById } from "../classes";
import { studentWithParents } from "../people";
import type { NotificationKind, NotificationParams } from "./kinds";
import { familyMails, type KindNote } from "./mail";
import type { EmailKind } from "./preferences";
import { notify } from "./service";

type FamilyKind = keyof typeof familyMails;

/** Handler names are stored in handled_events: keep them stable. */
const HANDLERS = {
  marked: "notifications.family.submission-marked",
  returned: "notifications.family.submission-returned",
  absent: "notifications.family.absent",
  badge: "notifications.family.badge-earned",
  overdue: "notifications.family.homework-overdue",
  returnedToStudent: "notifications.submission-returned",
} as const;

/** Where a parent reads about their child: the child's progress page. */
function childLink(studentId: string): string {
  return `/children/${studentId}/progress`;
}

export interface FamilyNews {
  centreId: CentreId;
  studentId: string;
  kind: FamilyKind;
  /** The note's kind and parameters; `student` (the child's name) is added here. */
  note: (student: string) => KindNote;
  /** Unique per piece of news and parent: one in-app note and one email (or digest line) each. */
  once: (parentId: string) => { event: DomainEvent; handler: string } | undefined;
  emailKey: (parentId: string) => string;
}

/**
 * Tells each of the student's parents in the app and by email as they chose. Each parent's note
 * and email commit together, once, so a retry after a partial run skips those already told.
 */
export async function tellParents(news: FamilyNews): Promise<void> {
  const student = await studentWithParents(db, news.centreId, news.studentId);
  if (!student) return;
  const note = { ...news.note(student.name), link: childLink(news.studentId) };
  for (const parentId of student.parentIds) {
    const to = { centreId: news.centreId, userId: parentId };
    await notify(to, note, news.once(parentId), {
      centreId: news.centreId,
      userId: parentId,
      kind: news.kind satisfies EmailKind,
      key: news.emailKey(parentId),
      line: note,
      template: familyMails[news.kind],
      params: note,
    });
  }
}

/** News from an event: exactly once per event and parent. */
function fromEvent(
  event: DomainEvent,
  handler: string,
  studentId: string,
  kind: FamilyKind,
  note: (student: string) => KindNote,
): Promise<void> {
  if (!event.centreId) return Promise.resolve();
  return tellParents({
    centreId: trustedCentreId(event.centreId),
    studentId,
    kind,
    note,
    once: (parentId) => ({ event, handler: `${handler}:${parentId}` }),
    emailKey: (parentId) => `${kind}:${event.id}:${parentId}`,
  });
}

function withStudent(kind: NotificationKind, params: NotificationParams): (student: string) => KindNote {
  return (student) => ({ kind, params: { ...params, student } });
}

/** Parents hear of marks, redo requests, absences and badges; the student hears of work sent back. */
export const familyEventHandlers = [
  eventHandler("submission.marked", HANDLERS.marked, async (event) => {
    const { payload } = event;
    await fromEvent(
      event,
      HANDLERS.marked,
      payload.studentId,
      "homework_marked",
      payload.score === null
        ? withStudent("child_homework_marked", { title: payload.title })
        : withStudent("child_homework_marked_score", {
            title: payload.title,
            score: payload.score,
            maxScore: payload.maxScore,
          }),
    );
  }),
  eventHandler("submission.returned", HANDLERS.returned, async (event) => {
    const { payload } = event;
    await fromEvent(
      event,
      HANDLERS.returned,
      payload.studentId,
      "redo_requested",
      withStudent("child_homework_returned", { title: payload.title }),
    );
  }),
  eventHandler("submission.returned", HANDLERS.returnedToStudent, async (event) => {
    if (!event.centreId) return;
    const { payload } = event;
    await notify(
      { centreId: event.centreId, userId: payload.studentId },
      { kind: "homework_returned", params: { title: payload.title }, link: `/my-homework/${payload.homeworkId}` },
      { event, handler: HANDLERS.returnedToStudent },
    );
  }),
  eventHandler("attendance.checked_in", HANDLERS.absent, async (event) => {
    const { payload } = event;
    if (payload.status !== "absent" || !event.centreId) return;
    const centreId = trustedCentreId(event.centreId);
    const [centre, group] = await Promise.all([currentCentreContext(centreId), classById(centreId, payload.classId)]);
    const date = localDate(new Date(payload.startsAt ?? event.createdAt), centre?.timeZone ?? "UTC");
    await fromEvent(
      event,
      HANDLERS.absent,
      payload.studentId,
      "absence",
      withStudent("child_absent", { className: group?.name ?? "", date }),
    );
  }),
  eventHandler("homework.overdue", HANDLERS.overdue, async (event) => {
    const { payload } = event;
    if (!event.centreId) return;
    const centre = await currentCentreContext(trustedCentreId(event.centreId));
    const date = localDate(new Date(payload.dueAt), centre?.timeZone ?? "UTC");
    await fromEvent(
      event,
      HANDLERS.overdue,
      payload.studentId,
      "homework_overdue",
      withStudent("child_homework_overdue", { title: payload.title, date }),
    );
  }),
  eventHandler("badge.earned", HANDLERS.badge, async (event) => {
    const { payload } = event;
    await fromEvent(
      event,
      HANDLERS.badge,
      payload.studentId,
      "badge_earned",
      withStudent("child_badge_earned", { badge: payload.badge }),
    );
  }),
];
