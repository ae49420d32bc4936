/** The dashboards module's public face: the only file other modules import. */
import { progressRoutes } from "./routes";

// Each role's cached dashboard figures, for the home page.
export { adminDashboard, type DashboardCentre, parentDashboard, studentDashboard, tutorDashboard } from "./service";

/** The progress pages (own, child, student), one Elysia instance. */
export const dashboardsRoutes = progressRoutes;
// Transitional, until app.ts uses dashboardsRoutes.
export { progressRoutes };
