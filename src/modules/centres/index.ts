/** The centres module's public face: the only file other modules import. */
import { Elysia } from "elysia";
import { centreRoutes } from "./routes";
import { settingsRoutes } from "./settings-routes";

// A centre's settings read outside a request (requests read them from the guard's context).
export { DEFAULT_PIN_LENGTH, PIN_LENGTHS, type PinLength } from "./pin-length";
// A centre's identity (sign-in by slug, the landing list, a platform admin entering one).
export { type CentreSummary, centreById, centreBySlug, centresForLanding, pinLengthOf } from "./queries";
export { isFeatureOn } from "./service";

/** The landing page and the centre settings page, one Elysia instance. */
export const centresRoutes = new Elysia({ name: "centres" }).use(centreRoutes).use(settingsRoutes);
// Transitional, until app.ts uses centresRoutes.
export { centreRoutes, settingsRoutes };
