/** The centres module's public face: the only file other modules import. */
export { type CentreSummary, centreById, centreBySlug, centresForLanding } from "./queries";
export { centreRoutes } from "./routes";
export { isFeatureOn, pinLengthOf } from "./service";
export { settingsRoutes } from "./settings-routes";
