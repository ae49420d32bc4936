/** The announcements module's public face: the only file other modules, the app and the worker import. */

// Emailing each person an announcement reached, per their preferences; the registry lists them.
export { announcementEventHandlers } from "./events";
// The home page's section (cached, to be read with the dashboard) and link.
export { announcementLinks, homeAnnouncementsView } from "./links";
// The announcement email, composed by the mail worker by name; the registry lists it.
export { announcementMailTemplates } from "./mail";
// Posting, reading, read counts and deleting: one Elysia instance.
export { announcementRoutes } from "./routes";
