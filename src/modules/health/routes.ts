import { Elysia } from "elysia";
import { healthReport } from "./service";

/** Public and cheap: load balancers, the deploy script and uptime monitors poll it. */
export const healthRoutes = new Elysia({ name: "health-routes" }).get("/api/health", async () => {
  const report = await healthReport();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
