/** The home module's public face: the only file other modules import. */
import { Elysia } from "elysia";
import { consentRoutes, homePageRoutes } from "./routes";

/** The signed-in home page (each role's dashboard and links) and a parent's consent buttons on it. */
export const homeRoutes = new Elysia({ name: "home" }).use(homePageRoutes).use(consentRoutes);
/** Transitional: app.ts mounts it beside `homeRoutes` until it is rewired (Elysia mounts it once). */
export { consentRoutes };
