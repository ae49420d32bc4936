/** The dashboards module's public face: the only file other modules import. */
import { Elysia } from "elysia";
import { progressReportRoutes } from "./report-routes";
import { progressRoutes } from "./routes";

// Each role's cached dashboard figures, for the home page to read with its other cached values.
export {
  adminDashboardView,
  type DashboardCentre,
  parentDashboardView,
  studentDashboardView,
  tutorDashboardView,
} from "./service";

/** The progress pages (own, child, student) and their PDF reports, one Elysia instance. */
export const dashboardsRoutes = new Elysia({ name: "dashboards" }).use(progressRoutes).use(progressReportRoutes);
