/** The system module's public face: the only file other modules import. */
export { recordHeartbeat } from "./housekeeping";
