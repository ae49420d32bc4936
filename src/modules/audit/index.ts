/** The audit module's public face: the only file other modules import. */

/** The centre's audit log viewer, one Elysia instance. */
export { auditRoutes } from "./routes";
