/** The centres module's public face: the only file other modules import. */
import { Elysia } from "elysia";
import { centreRoutes } from "./routes";
import { settingsRoutes } from "./settings-routes";

// A centre's public address (/c/<slug>, its code) and its logo there.
export { centrePath, centreUrl, isUsableSlug, RESERVED_SLUGS, SLUG_PATTERN, slugFromCode } from "./address";
// Changing a centre's identity: its owner on /settings, the platform admin on the platform pages.
export { type CentreEditor, editorOf } from "./identity";
export { suggestedTimeZones, TIME_ZONES } from "./identity-forms";
export { centreIdentity, type IdentityFormState, identityRoutes } from "./identity-routes";
export { logoPath } from "./logo";
// A centre's settings read outside a request (requests read them from the guard's context).
export { DEFAULT_PIN_LENGTH, PIN_LENGTHS, type PinLength } from "./pin-length";
// A centre's identity (sign-in by slug, a platform admin entering one).
export { type CentreSummary, centreById, centreBySlug, pinLengthOf } from "./queries";
export { isFeatureOn } from "./service";

/** The landing page, the centres' logos and the centre settings page, one Elysia instance. */
export const centresRoutes = new Elysia({ name: "centres" }).use(centreRoutes).use(settingsRoutes);
