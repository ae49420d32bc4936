import { Elysia } from "elysia";
import { z } from "zod";
import { LandingView } from "../../../views/centres/landing";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { PUBLIC } from "../../platform/permissions";
import { trustedCentreId } from "../../platform/tenancy";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { slugFromCode } from "./address";
import { logoLink } from "./logo";
import { centreBySlug } from "./queries";

const slugParams = z.object({ slug: z.string().max(100, { error: lazy("centres.address.unknown") }) });

export const centreRoutes = new Elysia({ name: "centre-routes" })
  .use(guard)
  // The public front page names no centre: a visitor types their centre's code or follows its link.
  .get("/", ({ page }) => page(<LandingView />, { title: t("centres.landing.pageTitle") }), { permission: PUBLIC })
  .get(
    "/c/:slug/logo",
    async ({ params }) => {
      const slug = slugFromCode(parseInput(slugParams, params).slug);
      const centre = slug ? await centreBySlug(db, slug) : undefined;
      if (!centre?.logoFileId) throw new NotFoundError(t("centres.logo.none"));
      // The centre is the one the public address names; its logo is public by design.
      const location = await logoLink(trustedCentreId(centre.id), centre.logoFileId);
      return new Response(null, { status: 302, headers: { location, "cache-control": "private, max-age=300" } });
    },
    { permission: PUBLIC },
  );
