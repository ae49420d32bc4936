import { Elysia } from "elysia";
import { centreRoutes } from "./modules/centres/routes";
import { healthRoutes } from "./modules/health/routes";
import { assetRoutes } from "./platform/http/assets-routes";
import { errorHandler } from "./platform/http/error-handler";
import { requestContext } from "./platform/http/request-context";
import { securityHeaders } from "./platform/http/security-headers";

/** Builds the whole web application without listening, so tests can call `app.handle(request)`. */
export function createApp() {
  return new Elysia()
    .use(requestContext)
    .use(securityHeaders)
    .use(errorHandler)
    .use(assetRoutes)
    .use(healthRoutes)
    .use(centreRoutes);
}

export type App = ReturnType<typeof createApp>;
