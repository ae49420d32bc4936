/** The live module's public face: the only file other modules import. */

/** GET /events/live: one server-sent-event stream per page, carrying the topics it may follow. */
export { liveRoutes } from "./routes";
