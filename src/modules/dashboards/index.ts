/** The dashboards module's public face: the only file other modules import. */
export { progressRoutes } from "./routes";
export { adminDashboard, type DashboardCentre, parentDashboard, studentDashboard, tutorDashboard } from "./service";
