/** The my-sessions module's public face: the only file other modules import. */

/** A student's coming sessions with their online links: one page, one instance for the app. */
export { mySessionsRoutes } from "./routes";
