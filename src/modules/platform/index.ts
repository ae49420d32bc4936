/** The platform module's public face: the only file other modules import. */

/** The platform admin's pages (centres, entering a centre, system health), one Elysia instance. */
export { platformRoutes } from "./routes";
