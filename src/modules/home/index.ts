/** The home module's public face: the only file other modules import. */
export { consentRoutes, homeRoutes } from "./routes";
