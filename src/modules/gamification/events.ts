import { eventHandler } from "../../platform/events";
import { trustedCentreId } from "../../platform/tenancy";
import { automaticReason } from "./reasons";
import { XP } from "./rules";
import { applyAwardedEntry, awardForEvent } from "./service";

/** Handler names are stored in handled_events: keep them stable. */
export const HANDLERS = {
  exercises: "gamification.exercises",
  homework: "gamification.homework-on-time",
  attendance: "gamification.attendance",
  boards: "gamification.leaderboards",
} as const;

/**
 * Correct exercises pay when the work is marked, whether auto-marked on hand-in or by a tutor:
 * submission.marked is the one event both paths publish, and it carries the final count.
 */
/** Kiosk check-ins and the tutor's register both publish attendance.checked_in. */

/** This module's event handlers; the worker lists them (src/worker.ts). */
export const gamificationEventHandlers = [
  eventHandler("submission.marked", HANDLERS.exercises, async (event) => {
    const { payload } = event;
    if (!event.centreId || payload.correctAnswers <= 0) return;
    await awardForEvent({
      centreId: trustedCentreId(event.centreId),
      studentId: payload.studentId,
      amount: Math.min(payload.correctAnswers * XP.perCorrectAnswer, 1000),
      reason: automaticReason({ source: "exercise", correct: payload.correctAnswers, title: payload.title }),
      sourceType: "exercise",
      sourceId: payload.submissionId,
      awardedBy: null,
      at: new Date(event.createdAt),
      perfect: payload.maxScore > 0 && payload.score === payload.maxScore,
    });
  }),
  eventHandler("submission.submitted", HANDLERS.homework, async (event) => {
    const { payload } = event;
    if (!event.centreId || payload.late) return;
    await awardForEvent({
      centreId: trustedCentreId(event.centreId),
      studentId: payload.studentId,
      amount: XP.onTimeHomework,
      reason: automaticReason({ source: "homework", title: payload.title }),
      sourceType: "homework",
      sourceId: payload.submissionId,
      awardedBy: null,
      at: new Date(event.createdAt),
    });
  }),
  eventHandler("attendance.checked_in", HANDLERS.attendance, async (event) => {
    const { payload } = event;
    if (!event.centreId || payload.status === "absent") return;
    await awardForEvent({
      centreId: trustedCentreId(event.centreId),
      studentId: payload.studentId,
      amount: payload.status === "present" ? XP.present : XP.late,
      reason: automaticReason({ source: "attendance", late: payload.status === "late" }),
      sourceType: "attendance",
      sourceId: payload.sessionId,
      awardedBy: null,
      at: new Date(event.createdAt),
    });
  }),
  eventHandler("xp.awarded", HANDLERS.boards, async (event) => {
    if (!event.centreId) return;
    const { payload } = event;
    await applyAwardedEntry({
      entryId: payload.entryId,
      centreId: trustedCentreId(event.centreId),
      studentId: payload.studentId,
      amount: payload.amount,
      at: new Date(payload.at),
    });
  }),
];
