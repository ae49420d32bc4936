/** The my-sessions module's public face: the only file other modules import. */
export { mySessionsRoutes } from "./routes";
