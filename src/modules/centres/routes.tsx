import { Elysia } from "elysia";
import { LandingView } from "../../../views/centres/landing";
import { db } from "../../platform/db";
import { guard } from "../../platform/http/guard";
import { PUBLIC } from "../../platform/permissions";
import { centresForLanding } from "./queries";

export const centreRoutes = new Elysia({ name: "centre-routes" })
  .use(guard)
  .get("/", async ({ page }) => page(<LandingView centres={await centresForLanding(db)} />, { title: "Welcome" }), {
    permission: PUBLIC,
  });
