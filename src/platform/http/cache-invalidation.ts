import { Elysia } from "elysia";
import { beginCacheNote, invalidateCentreCache } from "../cache";
import type { Principal } from "../principal";
import { redis } from "../redis";
import { isStateChanging } from "./csrf";

const notes = new WeakMap<Request, ReturnType<typeof beginCacheNote>>();

/**
 * Cached figures must not outlive the writes that change them. The services that make the
 * frequent writes (answers, hand-ins, marks, attendance, XP, membership) say precisely which parts
 * they changed, or that they changed nothing shown (platform/cache.ts: invalidateParts,
 * cacheUnaffected). A successful state-changing request in a centre whose services said nothing
 * falls back to marking the whole centre stale: a rare write nobody annotated (a setting, a name)
 * is then still seen at once, and precision is added where writes are frequent.
 */
export const cacheInvalidation = new Elysia({ name: "cache-invalidation" })
  .onRequest(({ request }) => {
    notes.set(request, beginCacheNote());
  })
  .onAfterResponse({ as: "global" }, async (context) => {
    const { request, set, responseValue } = context;
    const principal = (context as { principal?: Principal }).principal;
    if (!isStateChanging(request.method) || !principal || principal.kind === "anonymous" || !principal.centreId) return;
    if (notes.get(request)?.declared) return;
    const status = responseValue instanceof Response ? responseValue.status : Number(set.status ?? 200);
    if (status < 400) await invalidateCentreCache(redis, principal.centreId);
  });
