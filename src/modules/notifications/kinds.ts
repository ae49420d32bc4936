import { type MessageKey, type MessageValues, SOURCE_LOCALE, t, tIn } from "../../platform/i18n";

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

/** The source-language wording stored beside the kind (rollbacks, support, unknown kinds). */
export function sourceText(note: Note): string {
  return "kind" in note
    ? tIn(SOURCE_LOCALE, NOTIFICATION_MESSAGES[note.kind], note.params as MessageValues)
    : note.text;
}

/** A stored notification in the current language; a row of no known kind reads as it was stored. */
export function renderNotification(row: { kind: string | null; params: NotificationParams | null; text: string }) {
  if (row.kind === null || row.params === null || !isKind(row.kind)) return row.text;
  try {
    return t(NOTIFICATION_MESSAGES[row.kind], row.params);
  } catch {
    // A row whose parameters no longer fit its message still says something.
    return row.text;
  }
}
