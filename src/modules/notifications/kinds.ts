import {
  formatLocalDate,
  type MessageKey,
  type MessageValues,
  SOURCE_LOCALE,
  t,
  withLocalisation,
} from "../../platform/i18n";
import { badgeName } from "../gamification";

/**
 * What a notification can say, stored as a kind and its parameters and put into words when it is
 * read, in the reader's language. Kinds are stored: keep them stable, add new ones at the end.
 */
export const NOTIFICATION_MESSAGES = {
  homework_marked: "notifications.kind.homeworkMarked",
  homework_marked_score: "notifications.kind.homeworkMarkedScore",
  homework_assigned: "notifications.kind.homeworkAssigned",
  pin_locked: "notifications.kind.pinLocked",
  pin_reset: "notifications.kind.pinReset",
  announcement_posted: "notifications.kind.announcementPosted",
  message_received: "notifications.kind.messageReceived",
  homework_returned: "notifications.kind.homeworkReturned",
  child_homework_marked: "notifications.kind.childHomeworkMarked",
  child_homework_marked_score: "notifications.kind.childHomeworkMarkedScore",
  child_homework_returned: "notifications.kind.childHomeworkReturned",
  child_absent: "notifications.kind.childAbsent",
  child_homework_overdue: "notifications.kind.childHomeworkOverdue",
  child_badge_earned: "notifications.kind.childBadgeEarned",
  child_term_report_released: "notifications.kind.childTermReportReleased",
} as const satisfies Record<string, MessageKey>;

export type NotificationKind = keyof typeof NOTIFICATION_MESSAGES;

export type NotificationParams = Record<string, string | number>;

/** A notification in words, as a kind and its parameters; `text` is for what is already words. */
export type Note = ({ kind: NotificationKind; params: NotificationParams } | { text: string }) & {
  /** A path inside AetherLearn (e.g. "/homework/…"), or none. */
  link?: string;
};

function isKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(NOTIFICATION_MESSAGES, kind);
}

/**
 * Parameters stored as facts and put into the reader's words with the rest: `date` is a local
 * day (YYYY-MM-DD), `badge` a badge's code.
 */
function presentParams(params: NotificationParams): MessageValues {
  const values: MessageValues = { ...params };
  if (typeof params.date === "string") values.date = formatLocalDate(params.date);
  if (typeof params.badge === "string") values.badge = badgeName(params.badge) ?? params.badge;
  return values;
}

function words(kind: NotificationKind, params: NotificationParams): string {
  return t(NOTIFICATION_MESSAGES[kind], presentParams(params));
}

/** The source-language wording stored beside the kind (rollbacks, support, unknown kinds). */
export function sourceText(note: Note): string {
  if (!("kind" in note)) return note.text;
  return withLocalisation({ locale: SOURCE_LOCALE, timeZone: "UTC" }, () => words(note.kind, note.params));
}

/** A stored notification in the current language; a row of no known kind reads as it was stored. */
export function renderNotification(row: { kind: string | null; params: NotificationParams | null; text: string }) {
  if (row.kind === null || row.params === null || !isKind(row.kind)) return row.text;
  try {
    return words(row.kind, row.params);
  } catch {
    // A row whose parameters no longer fit its message still says something.
    return row.text;
  }
}
