/** The queues module's public face: the only file other modules import. */
export { queueRoutes } from "./routes";
export { failedJobs, queueCounts } from "./service";
