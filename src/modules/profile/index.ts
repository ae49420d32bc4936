/** The profile module's public face: the only file other modules import. */

/** One's own profile and the password / PIN change forms, one Elysia instance. */
export { profileRoutes } from "./routes";
