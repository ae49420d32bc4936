import { Elysia } from "elysia";
import { httpRequestDuration } from "../metrics/registry";
import { requestMeta } from "./request-context";

/** Records every response's duration under its route pattern, never the raw path (bounded labels). */
export const httpMetrics = new Elysia({ name: "http-metrics" }).onAfterResponse(
  { as: "global" },
  ({ request, route, set, responseValue }) => {
    const status =
      responseValue instanceof Response ? responseValue.status : typeof set.status === "number" ? set.status : 200;
    const seconds = (performance.now() - requestMeta(request).startedAt) / 1000;
    httpRequestDuration.observe(
      { method: request.method, route: route || "unmatched", status: String(status) },
      seconds,
    );
  },
);
