/** The kiosk module's public face: the only file other modules import. */
export { kioskAdminRoutes } from "./admin-routes";
export { arrivalsTopic } from "./board";
export { kioskDeviceRoutes } from "./device-routes";
