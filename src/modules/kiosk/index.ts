/** The kiosk module's public face: the only file other modules import. */
import { Elysia } from "elysia";
import { kioskAdminRoutes } from "./admin-routes";
import { badgeSheetRoutes } from "./badge-sheet";
import { kioskDeviceRoutes } from "./device-routes";
import { kioskHomeworkRoutes } from "./homework-routes";

/** Staff pages (enrol, revoke, badges and a class's badge sheet), the device's own screens and homework on it, as one instance for the app. */
export const kioskRoutes = new Elysia({ name: "kiosk" })
  .use(kioskAdminRoutes)
  .use(badgeSheetRoutes)
  .use(kioskDeviceRoutes)
  .use(kioskHomeworkRoutes);

// Today's arrivals board, live: the topic the live stream authorises for staff screens.
export { arrivalsTopic } from "./board";
