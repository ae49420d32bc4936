/**
 * Every domain event, with its payload. Payloads carry ids and the few facts handlers need to act
 * without reaching into another module's tables (a title for a notification, a score...).
 * Add an event here, then publish it with publishEvent and handle it with an eventHandler listed in src/registry.ts.
 */
export interface EventPayloads {
  "submission.submitted": {
    submissionId: string;
    homeworkId: string;
    studentId: string;
    /** The tutor whose marking queue changes, when the work needs a tutor. */
    tutorId: string | null;
    title: string;
    late: boolean;
  };
  "submission.marked": {
    submissionId: string;
    homeworkId: string;
    studentId: string;
    markerId: string | null;
    title: string;
    score: number | null;
    maxScore: number;
    /** Exercises given full points (a paper worksheet set without exercises counts as one). */
    correctAnswers: number;
  };
  /** A tutor sent the work back for the student to redo. */
  "submission.returned": {
    submissionId: string;
    homeworkId: string;
    studentId: string;
    markerId: string;
    title: string;
  };
  /** A student had not handed in homework a day after it was due (told once per student and homework). */
  "homework.overdue": {
    homeworkId: string;
    studentId: string;
    title: string;
    dueAt: string;
  };
  "homework.assigned": {
    homeworkId: string;
    classId: string | null;
    studentIds: string[];
    title: string;
    dueAt: string;
  };
  "attendance.checked_in": {
    sessionId: string;
    classId: string;
    studentId: string;
    status: "present" | "late" | "absent";
    method: "tutor" | "kiosk" | "qr";
    /** When the session starts (ISO): the day a parent is told about (absent from events published before it was added). */
    startsAt?: string;
  };
  "xp.awarded": {
    entryId: string;
    studentId: string;
    amount: number;
    reason: string;
    /** When the XP was earned (the ledger's created_at): it decides the weekly board. */
    at: string;
  };
  "badge.earned": {
    studentId: string;
    badge: string;
  };
  "export.requested": {
    exportId: string;
    kind: string;
    requestedBy: string;
  };
  /**
   * Someone asked for a password reset link on the sign-in page. Handled in the worker, so the
   * page answers the same, as fast, whether or not the address has an account. The address is
   * carried only as its lookup hash; `centreId` null means every centre.
   */
  "password_reset.requested": {
    emailLookup: string;
    centreId: string | null;
    request: { ip: string; userAgent: string | null; requestId: string };
  };
  "file.uploaded": {
    fileId: string;
    ownerId: string;
    kind: string;
  };
  /** A student's PIN guessing budget ran out; `tell` are their tutors and parents. */
  "student.pin_locked": {
    studentId: string;
    studentName: string;
    tell: string[];
  };
  /** An email was queued (src/platform/mail); the handler hands it to the mail queue. */
  "mail.queued": {
    mailId: string;
  };
  /** Someone gave a student a new PIN; `tell` are the student's parents. */
  "student.pin_reset": {
    studentId: string;
    studentName: string;
    resetBy: string;
    resetByRole: string;
    tell: string[];
  };
  /** An announcement was posted; its recipients are already recorded, the handler emails them. */
  "announcement.posted": {
    announcementId: string;
    title: string;
  };
  /** A head tutor released a class's term reports for a period; the handler tells the students' parents. */
  "term_report.released": {
    releaseId: string;
    periodId: string;
    classId: string;
    studentIds: string[];
  };
  /** A class's released term reports were asked for as one PDF (an export row); the handler makes it. */
  "term_report.batch_requested": {
    exportId: string;
    periodId: string;
    classId: string;
  };
}

export type EventType = keyof EventPayloads;

export const EVENT_TYPES = [
  "submission.submitted",
  "submission.marked",
  "submission.returned",
  "homework.assigned",
  "homework.overdue",
  "attendance.checked_in",
  "xp.awarded",
  "badge.earned",
  "export.requested",
  "password_reset.requested",
  "file.uploaded",
  "student.pin_locked",
  "student.pin_reset",
  "mail.queued",
  "announcement.posted",
  "term_report.released",
  "term_report.batch_requested",
] as const satisfies readonly EventType[];

/** An event as handlers see it: the outbox row, typed by its kind. */
export type DomainEvent<Type extends EventType = EventType> = {
  [T in Type]: {
    /** The outbox id (bigint as a string): what handled_events and the job id refer to. */
    id: string;
    type: T;
    centreId: string | null;
    payload: EventPayloads[T];
    createdAt: string;
  };
}[Type];

/** What an events-queue job carries; centreId is on top so admin panels can filter failed jobs. */
export interface EventJobData {
  eventId: string;
  type: EventType;
  centreId: string | null;
  payload: unknown;
  createdAt: string;
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
