import { Elysia } from "elysia";
import { LandingView } from "../../../views/centres/landing";
import { db } from "../../platform/db";
import { t } from "../../platform/i18n";
import { PUBLIC } from "../../platform/permissions";
import { guard } from "../../web/guard";
import { centresForLanding } from "./queries";

export const centreRoutes = new Elysia({ name: "centre-routes" })
  .use(guard)
  .get(
    "/",
    async ({ page }) =>
      page(<LandingView centres={await centresForLanding(db)} />, { title: t("centres.landing.pageTitle") }),
    {
      permission: PUBLIC,
    },
  );
