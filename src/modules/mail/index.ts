/** The mail module's public face: the centre's sent-email log (the sending itself is src/platform/mail). */
export { TEMPLATE_LABELS } from "./present";
export { mailRoutes } from "./routes";
