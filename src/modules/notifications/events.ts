import { type DomainEvent, eventHandler } from "../../platform/events";
import { familyEventHandlers } from "./family";
import { type Note, notify } from "./service";

/** Handler names are stored in handled_events: keep them stable. */
const MARKED = "notifications.submission-marked";
const ASSIGNED = "notifications.homework-assigned";

/**
 * The same note to several people of the event's centre, with one exactly-once record per person,
 * so a retry after a partial run skips those already told.
 */
async function notifyEach(event: DomainEvent, handler: string, userIds: readonly string[], note: Note) {
  const centreId = event.centreId;
  if (!centreId) return;
  for (const userId of userIds) await notify({ centreId, userId }, note, { event, handler: `${handler}:${userId}` });
}

const PIN_LOCKED = "notifications.student-pin-locked";
const PIN_RESET = "notifications.student-pin-reset";

/** This module's event handlers; the worker lists them (src/worker.ts). */
export const notificationEventHandlers = [
  eventHandler("submission.marked", MARKED, async (event) => {
    if (!event.centreId) return;
    const { payload } = event;
    await notify(
      { centreId: event.centreId, userId: payload.studentId },
      {
        ...(payload.score === null
          ? { kind: "homework_marked", params: { title: payload.title } }
          : {
              kind: "homework_marked_score",
              params: { title: payload.title, score: payload.score, maxScore: payload.maxScore },
            }),
        link: `/my-homework/${payload.homeworkId}`,
      },
      { event, handler: MARKED },
    );
  }),
  eventHandler("homework.assigned", ASSIGNED, async (event) => {
    const { payload } = event;
    await notifyEach(event, ASSIGNED, payload.studentIds, {
      kind: "homework_assigned",
      params: { title: payload.title },
      link: `/my-homework/${payload.homeworkId}`,
    });
  }),
  eventHandler("student.pin_locked", PIN_LOCKED, async (event) => {
    const { payload } = event;
    await notifyEach(event, PIN_LOCKED, payload.tell, {
      kind: "pin_locked",
      params: { student: payload.studentName },
      link: `/students/${payload.studentId}/pin`,
    });
  }),
  eventHandler("student.pin_reset", PIN_RESET, async (event) => {
    const { payload } = event;
    await notifyEach(event, PIN_RESET, payload.tell, {
      kind: "pin_reset",
      params: { resetBy: payload.resetBy, role: payload.resetByRole, student: payload.studentName },
      link: `/students/${payload.studentId}/pin`,
    });
  }),
  ...familyEventHandlers,
];
