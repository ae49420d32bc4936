import { announcementEventHandlers, announcementMailTemplates } from "./modules/announcements";
import { exportEventHandlers } from "./modules/exports";
import { gamificationEventHandlers } from "./modules/gamification";
import { homeworkEventHandlers } from "./modules/homework";
import { messageMailTemplates } from "./modules/messages";
import { notificationEventHandlers, notificationMailTemplates } from "./modules/notifications";
import { peopleEventHandlers, peopleMailTemplates } from "./modules/people";
import { reportEventHandlers, reportMailTemplates } from "./modules/reports";
import { type EventHandlerEntry, EventHandlers } from "./platform/events";
import { type AnyMailTemplate, MailTemplates, mailEventHandlers } from "./platform/mail";

/**
 * What the modules contribute to the worker, listed in one visible place (hexpm's
 * `children(mode)`, lila's Env): nothing registers itself by being imported. The web app's
 * routes are listed in app.ts; live topics in the live module's `liveTopics`.
 */
export const moduleEventHandlers: readonly EventHandlerEntry[] = [
  ...notificationEventHandlers,
  ...homeworkEventHandlers,
  ...gamificationEventHandlers,
  ...exportEventHandlers,
  ...peopleEventHandlers,
  ...mailEventHandlers,
  ...announcementEventHandlers,
  ...reportEventHandlers,
];

/** The handlers the events worker runs; tests may add their own. */
export function eventHandlers(extra: readonly EventHandlerEntry[] = []): EventHandlers {
  return new EventHandlers([...moduleEventHandlers, ...extra]);
}

/** Every email the app sends, by module: the mail worker composes stored emails by these names. */
export const moduleMailTemplates: readonly AnyMailTemplate[] = [
  ...peopleMailTemplates,
  ...notificationMailTemplates,
  ...announcementMailTemplates,
  ...messageMailTemplates,
  ...reportMailTemplates,
];

/** The templates the mail worker composes; tests may add their own. */
export function mailTemplates(extra: readonly AnyMailTemplate[] = []): MailTemplates {
  return new MailTemplates([...moduleMailTemplates, ...extra]);
}
