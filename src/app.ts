import { Elysia } from "elysia";
import { auditRoutes } from "./modules/audit/routes";
import { authRoutes, invitationRoutes, passwordResetRoutes } from "./modules/auth/routes";
import { centreRoutes } from "./modules/centres/routes";
import { settingsRoutes } from "./modules/centres/settings-routes";
import { healthRoutes } from "./modules/health/routes";
import { consentRoutes, homeRoutes } from "./modules/home/routes";
import { peopleRoutes } from "./modules/people/routes";
import { platformRoutes } from "./modules/platform/routes";
import { profileRoutes } from "./modules/profile/routes";
import { assetRoutes } from "./platform/http/assets-routes";
import { errorHandler } from "./platform/http/error-handler";
import { httpMetrics } from "./platform/http/metrics";
import { requestContext } from "./platform/http/request-context";
import { securityHeaders } from "./platform/http/security-headers";
import { storageRoutes } from "./platform/storage/routes";

/** Builds the whole web application without listening, so tests can call `app.handle(request)`. */
export function createApp() {
  return new Elysia()
    .use(requestContext)
    .use(httpMetrics)
    .use(securityHeaders)
    .use(errorHandler)
    .use(assetRoutes)
    .use(healthRoutes)
    .use(storageRoutes)
    .use(centreRoutes)
    .use(authRoutes)
    .use(invitationRoutes)
    .use(passwordResetRoutes)
    .use(homeRoutes)
    .use(consentRoutes)
    .use(peopleRoutes)
    .use(profileRoutes)
    .use(platformRoutes)
    .use(auditRoutes)
    .use(settingsRoutes);
}

export type App = ReturnType<typeof createApp>;
