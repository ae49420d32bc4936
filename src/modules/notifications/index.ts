/** The notifications module's public face: the only file other modules, scripts and the app import. */

// The daily digests (17:00 centre time) and the overdue-homework scan: the worker runs them every few minutes.
export { DIGEST_EVERY_MS, sendDueDigests } from "./digest";
// Email by each person's choice per kind (immediately, daily digest, off), inside the change's transaction.
export { type EmailByPreference, type EmailKind, emailPerPreference } from "./email";
// Notes for marks, new homework, PIN locks and resets, and the family's notes and emails; the worker lists them.
export { notificationEventHandlers } from "./events";
// The emails this module sends, for the mail worker (src/registry.ts).
export { notificationMailTemplates } from "./mail";
export { noticeOverdueHomework } from "./overdue";
export { EMAIL_KINDS } from "./preferences";
// What a reconnecting live stream replays before it goes live.
export { missedNotifications } from "./replay";
// The bell's page (list, mark read, mark all read): one Elysia instance.
export { notificationRoutes } from "./routes";
// Telling someone something, exactly once per event when called from an event handler.
export { type Note, notify, type Recipient } from "./service";
