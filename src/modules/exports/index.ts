/** The exports module's public face: the only file other modules import. */

export { exportEventHandlers } from "./events";
export { exportInCentre } from "./queries";
export { exportRoutes } from "./routes";
export { requestExport } from "./service";
