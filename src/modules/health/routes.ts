import { Elysia } from "elysia";
import { guard } from "../../platform/http/guard";
import { PUBLIC } from "../../platform/permissions";
import { healthReport } from "./service";

/** Public and cheap: load balancers, the deploy script and uptime monitors poll it. */
export const healthRoutes = new Elysia({ name: "health-routes" }).use(guard).get(
  "/api/health",
  async () => {
    const report = await healthReport();
    return Response.json(report, {
      status: report.status === "ok" ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  },
  { permission: PUBLIC },
);
