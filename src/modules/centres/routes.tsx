import { Elysia } from "elysia";
import { LandingView } from "../../../views/centres/landing";
import { db } from "../../platform/db";
import { renderPage } from "../../platform/http/render";
import { centresForLanding } from "./queries";

export const centreRoutes = new Elysia({ name: "centre-routes" }).get("/", async ({ request }) => {
  const centres = await centresForLanding(db);
  return renderPage(request, <LandingView centres={centres} />, { title: "Welcome" });
});
