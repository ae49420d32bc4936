/** The announcements module's public face: the only file other modules, the app and the worker import. */

// The home page's section and link.
export { announcementLinks, homeAnnouncements } from "./links";
// Posting, reading, read counts and deleting: one Elysia instance.
export { announcementRoutes } from "./routes";
