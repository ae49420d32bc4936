/** The live module's public face: the only file other modules import. */
export { liveRoutes } from "./routes";
