/** The notifications module's public face: the only file other modules import. */

export { notificationEventHandlers } from "./events";
export { missedNotifications } from "./replay";
export { notificationRoutes } from "./routes";
