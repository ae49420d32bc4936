/** The platform module's public face: the only file other modules import. */
export { platformRoutes } from "./routes";
