/** The health module's public face: the only file other modules import. */

/** GET /api/health for load balancers, the deploy script and monitors. */
export { healthRoutes } from "./routes";

// The full report (database, Redis, storage), for the platform's system-health page.
export { healthReport } from "./service";
