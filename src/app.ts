import { Elysia } from "elysia";
import { auditRoutes } from "./modules/audit/routes";
import { authRoutes, invitationRoutes, passwordResetRoutes } from "./modules/auth/routes";
import { centreRoutes } from "./modules/centres/routes";
import { settingsRoutes } from "./modules/centres/settings-routes";
import { classRoutes } from "./modules/classes/routes";
import { timetableRoutes } from "./modules/classes/timetable-routes";
import { coursesModuleRoutes } from "./modules/courses/routes";
import { progressRoutes } from "./modules/dashboards/routes";
import { exportRoutes } from "./modules/exports/routes";
import { gamificationRoutes } from "./modules/gamification/routes";
import { healthRoutes } from "./modules/health/routes";
import { consentRoutes, homeRoutes } from "./modules/home/routes";
import { homeworkRoutes } from "./modules/homework/routes";
import { kioskAdminRoutes } from "./modules/kiosk/admin-routes";
import { kioskDeviceRoutes } from "./modules/kiosk/device-routes";
import { liveRoutes } from "./modules/live/routes";
import { mySessionsRoutes } from "./modules/my-sessions/routes";
import { notificationRoutes } from "./modules/notifications/routes";
import { paperRoutes } from "./modules/paper/routes";
import { peopleRoutes } from "./modules/people/routes";
import { platformRoutes } from "./modules/platform/routes";
import { profileRoutes } from "./modules/profile/routes";
import { queueRoutes } from "./modules/queues/routes";
import { cacheInvalidation } from "./platform/http/cache-invalidation";
import { httpMetrics } from "./platform/http/metrics";
import { requestContext } from "./platform/http/request-context";
import { securityHeaders } from "./platform/http/security-headers";
import { assetRoutes } from "./web/asset-routes";
import { errorHandler } from "./web/error-handler";
import { storageRoutes } from "./web/storage-routes";

/**
 * Later features composed as one plugin: one .use chain any longer than createApp's exceeds
 * TypeScript's instantiation depth (TS2589). Add new feature routes here.
 */
const featureRoutes = new Elysia({ name: "feature-routes" }).use(exportRoutes).use(gamificationRoutes);

/** Builds the whole web application without listening, so tests can call `app.handle(request)`. */
export function createApp() {
  return new Elysia()
    .use(requestContext)
    .use(httpMetrics)
    .use(securityHeaders)
    .use(errorHandler)
    .use(cacheInvalidation)
    .use(assetRoutes)
    .use(healthRoutes)
    .use(storageRoutes)
    .use(centreRoutes)
    .use(authRoutes)
    .use(invitationRoutes)
    .use(passwordResetRoutes)
    .use(homeRoutes)
    .use(consentRoutes)
    .use(progressRoutes)
    .use(peopleRoutes)
    .use(profileRoutes)
    .use(platformRoutes)
    .use(auditRoutes)
    .use(liveRoutes)
    .use(notificationRoutes)
    .use(queueRoutes)
    .use(settingsRoutes)
    .use(coursesModuleRoutes)
    .use(classRoutes)
    .use(timetableRoutes)
    .use(homeworkRoutes)
    .use(kioskAdminRoutes)
    .use(kioskDeviceRoutes)
    .use(mySessionsRoutes)
    .use(paperRoutes)
    .use(featureRoutes);
}

export type App = ReturnType<typeof createApp>;
