import { onEvent } from "../../platform/events";
import { notify } from "./service";

/** Handler names are stored in handled_events: keep them stable. */
const MARKED = "notifications.submission-marked";
const ASSIGNED = "notifications.homework-assigned";

function scoreText(score: number | null, maxScore: number): string {
  return score === null ? "" : `: ${score}/${maxScore}`;
}

onEvent("submission.marked", MARKED, async (event) => {
  if (!event.centreId) return;
  const { payload } = event;
  await notify(
    { centreId: event.centreId, userId: payload.studentId },
    {
      text: `Your homework “${payload.title}” was marked${scoreText(payload.score, payload.maxScore)}.`,
      link: `/my-homework/${payload.homeworkId}`,
    },
    { event, handler: MARKED },
  );
});

onEvent("homework.assigned", ASSIGNED, async (event) => {
  const centreId = event.centreId;
  if (!centreId) return;
  const { payload } = event;
  // One exactly-once record per student, so a retry after a partial run skips those already told.
  for (const studentId of payload.studentIds) {
    await notify(
      { centreId, userId: studentId },
      { text: `New homework: “${payload.title}”.`, link: `/my-homework/${payload.homeworkId}` },
      { event, handler: `${ASSIGNED}:${studentId}` },
    );
  }
});

const PIN_LOCKED = "notifications.student-pin-locked";
const PIN_RESET = "notifications.student-pin-reset";

onEvent("student.pin_locked", PIN_LOCKED, async (event) => {
  const centreId = event.centreId;
  if (!centreId) return;
  const { payload } = event;
  for (const userId of payload.tell) {
    await notify(
      { centreId, userId },
      {
        text: `${payload.studentName}'s PIN is locked after too many wrong guesses. Unlock it, or give a new PIN if the guesses were not theirs.`,
        link: `/students/${payload.studentId}/pin`,
      },
      { event, handler: `${PIN_LOCKED}:${userId}` },
    );
  }
});

onEvent("student.pin_reset", PIN_RESET, async (event) => {
  const centreId = event.centreId;
  if (!centreId) return;
  const { payload } = event;
  for (const userId of payload.tell) {
    await notify(
      { centreId, userId },
      {
        text: `${payload.resetBy} (${payload.resetByRole.replace("_", " ")}) gave ${payload.studentName} a new PIN.`,
        link: `/students/${payload.studentId}/pin`,
      },
      { event, handler: `${PIN_RESET}:${userId}` },
    );
  }
});
