/** The exports module's public face: the only file other modules import. */
import { exportRoutes } from "./routes";

// Bulk attendance rows for the export benchmark.
export { seedAttendance } from "./fixtures";
// Asking for an export and reading one back (the benchmark script drives these).
export { exportInCentre } from "./queries";
export { requestExport } from "./service";

/** The exports pages (list, request, status, download), one Elysia instance. */
export const exportsRoutes = exportRoutes;
// Transitional, until app.ts uses exportsRoutes.
export { exportRoutes };
