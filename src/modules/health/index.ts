/** The health module's public face: the only file other modules import. */
export { healthRoutes } from "./routes";
export { healthReport } from "./service";
