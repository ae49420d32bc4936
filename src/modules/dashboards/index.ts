/** The dashboards module's public face: the only file other modules import. */
export { progressRoutes } from "./routes";
export { adminDashboard, parentDashboard, studentDashboard, tutorDashboard } from "./service";
