import { Elysia } from "elysia";
import { auditRoutes } from "./modules/audit";
import { authRoutes, invitationRoutes, passwordResetRoutes } from "./modules/auth";
import { centreRoutes, settingsRoutes } from "./modules/centres";
import { classRoutes, timetableRoutes } from "./modules/classes";
import { coursesModuleRoutes } from "./modules/courses";
import { progressRoutes } from "./modules/dashboards";
import { exportRoutes } from "./modules/exports";
import { gamificationRoutes } from "./modules/gamification";
import { healthRoutes } from "./modules/health";
import { consentRoutes, homeRoutes } from "./modules/home";
import { homeworkRoutes } from "./modules/homework";
import { kioskAdminRoutes, kioskDeviceRoutes } from "./modules/kiosk";
import { liveRoutes } from "./modules/live";
import { mySessionsRoutes } from "./modules/my-sessions";
import { notificationRoutes } from "./modules/notifications";
import { paperRoutes } from "./modules/paper";
import { peopleRoutes } from "./modules/people";
import { platformRoutes } from "./modules/platform";
import { profileRoutes } from "./modules/profile";
import { queueRoutes } from "./modules/queues";
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
