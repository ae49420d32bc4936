/** The queues module's public face: the only file other modules import. */
import { queueRoutes } from "./routes";

// Queue figures for the platform's system health page.
export { failedJobs, queueCounts } from "./service";

/** The background-jobs panels (centre and platform), one Elysia instance. */
export const queuesRoutes = queueRoutes;
// Transitional, until app.ts uses queuesRoutes.
export { queueRoutes };
