/** The reports module's public face: the only file other modules, the registry and the app import. */

// Telling parents of a release, and making a class's batch PDF: the registry lists them for the worker.
export { reportEventHandlers } from "./events";
// The home page's link to term reports, and where a progress page links to its charts.
export { progressChartsPath, reportLinks } from "./links";
// The email about a released report, for the mail worker (src/registry.ts).
export { reportMailTemplates } from "./mail";
// Progress charts, reporting periods, comments, release and downloads: one Elysia instance.
export { reportRoutes as reportsRoutes } from "./routes";
