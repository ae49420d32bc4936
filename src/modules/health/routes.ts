import { Elysia } from "elysia";
import { requestMeta } from "../../platform/http/request-context";
import { PUBLIC } from "../../platform/permissions";
import type { Principal } from "../../platform/principal";
import { guard } from "../../web/guard";
import { healthReport, publicHealthReport } from "./service";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * The version, uptime, latencies and error texts help an attacker more than a visitor: only this
 * machine (the deploy script, health-check.sh, a local monitor) and a signed-in platform admin see
 * them. Through nginx a visitor's address arrives as X-Real-IP, so a proxied request never counts
 * as local.
 */
function mayReadDetails(request: Request, principal: Principal): boolean {
  if (principal.kind === "user" && principal.role === "platform_admin") return true;
  return LOOPBACK.has(requestMeta(request).ip);
}

/** Public and cheap: load balancers, the deploy script and uptime monitors poll it. */
export const healthRoutes = new Elysia({ name: "health-routes" }).use(guard).get(
  "/api/health",
  async ({ request, principal }) => {
    const report = await healthReport();
    return Response.json(mayReadDetails(request, principal) ? report : publicHealthReport(report), {
      status: report.status === "ok" ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  },
  { permission: PUBLIC },
);
