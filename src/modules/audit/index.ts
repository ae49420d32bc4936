/** The audit module's public face: the only file other modules import. */
export { auditRoutes } from "./routes";
