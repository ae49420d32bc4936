import { Elysia } from "elysia";
import { invalidateCentreCache } from "../cache";
import type { Principal } from "../principal";
import { redis } from "../redis";
import { isStateChanging } from "./csrf";

/**
 * Cached figures (dashboards) must not outlive the writes that change them. Rather than every
 * service remembering which caches it touches, any successful state-changing request made inside
 * a centre marks that centre's cached figures stale; reads far outnumber writes.
 */
export const cacheInvalidation = new Elysia({ name: "cache-invalidation" }).onAfterResponse(
  { as: "global" },
  async (context) => {
    const { request, set, responseValue } = context;
    const principal = (context as { principal?: Principal }).principal;
    if (!isStateChanging(request.method) || !principal || principal.kind === "anonymous" || !principal.centreId) return;
    const status = responseValue instanceof Response ? responseValue.status : Number(set.status ?? 200);
    if (status < 400) await invalidateCentreCache(redis, principal.centreId);
  },
);
