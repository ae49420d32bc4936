import { Elysia } from "elysia";
import { announcementRoutes } from "./modules/announcements";
import { auditRoutes } from "./modules/audit";
import { authRoutes } from "./modules/auth";
import { centresRoutes } from "./modules/centres";
import { classesRoutes } from "./modules/classes";
import { coursesRoutes } from "./modules/courses";
import { dashboardsRoutes } from "./modules/dashboards";
import { exportsRoutes } from "./modules/exports";
import { gamificationRoutes } from "./modules/gamification";
import { healthRoutes } from "./modules/health";
import { homeRoutes } from "./modules/home";
import { homeworkRoutes } from "./modules/homework";
import { kioskRoutes } from "./modules/kiosk";
import { liveRoutes } from "./modules/live";
import { mailRoutes } from "./modules/mail";
import { messageRoutes } from "./modules/messages";
import { mySessionsRoutes } from "./modules/my-sessions";
import { notificationRoutes } from "./modules/notifications";
import { paperRoutes } from "./modules/paper";
import { peopleRoutes } from "./modules/people";
import { platformRoutes } from "./modules/platform";
import { profileRoutes } from "./modules/profile";
import { queuesRoutes } from "./modules/queues";
import { reportsRoutes } from "./modules/reports";
import { cacheInvalidation } from "./platform/http/cache-invalidation";
import { localisation } from "./platform/http/localisation";
import { httpMetrics } from "./platform/http/metrics";
import { requestContext } from "./platform/http/request-context";
import { securityHeaders } from "./platform/http/security-headers";
import { assetRoutes } from "./web/asset-routes";
import { errorHandler } from "./web/error-handler";
import { storageRoutes } from "./web/storage-routes";

/** What every request passes through, before any module sees it. */
const shell = new Elysia({ name: "shell" })
  .use(localisation)
  .use(requestContext)
  .use(httpMetrics)
  .use(securityHeaders)
  .use(errorHandler)
  .use(cacheInvalidation)
  .use(assetRoutes)
  .use(storageRoutes)
  .use(healthRoutes);

/** Signing in, people and the centre itself. */
const identity = new Elysia({ name: "identity" })
  .use(authRoutes)
  .use(homeRoutes)
  .use(peopleRoutes)
  .use(profileRoutes)
  .use(centresRoutes)
  .use(platformRoutes)
  .use(auditRoutes);

/** Teaching: courses, classes, homework, paper, the kiosk, progress and term reports. */
const learning = new Elysia({ name: "learning" })
  .use(coursesRoutes)
  .use(classesRoutes)
  .use(homeworkRoutes)
  .use(paperRoutes)
  .use(kioskRoutes)
  .use(mySessionsRoutes)
  .use(dashboardsRoutes)
  .use(reportsRoutes)
  .use(gamificationRoutes);

/** Live updates, notifications, announcements, messages and the back office. */
const operations = new Elysia({ name: "operations" })
  .use(liveRoutes)
  .use(notificationRoutes)
  .use(announcementRoutes)
  .use(messageRoutes)
  .use(queuesRoutes)
  .use(mailRoutes)
  .use(exportsRoutes);

/** Builds the whole web application without listening, so tests can call `app.handle(request)`. */
export function createApp() {
  return new Elysia().use(shell).use(identity).use(learning).use(operations);
}

export type App = ReturnType<typeof createApp>;
