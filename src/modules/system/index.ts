/** The system module's public face: the only file other modules import. */

// The worker's heartbeat, read by the system health page.
export { recordHeartbeat } from "./housekeeping";
