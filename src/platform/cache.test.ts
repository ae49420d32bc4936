import { afterAll, describe, expect, test } from "bun:test";
import { cachedForCentre, invalidateCentreCache } from "./cache";
import { createRedis } from "./redis";

const redis = createRedis();
afterAll(() => redis.disconnect());

describe("centre-scoped read cache", () => {
  test("computes once within the TTL, again after the centre's cache is invalidated", async () => {
    const centreId = crypto.randomUUID();
    let computed = 0;
    const figure = () => cachedForCentre(redis, centreId, "dashboard:admin", 60, async () => ({ count: ++computed }));
    expect(await figure()).toEqual({ count: 1 });
    expect(await figure()).toEqual({ count: 1 });
    await invalidateCentreCache(redis, centreId);
    expect(await figure()).toEqual({ count: 2 });
  });

  test("another centre's invalidation leaves this centre's cache alone", async () => {
    const [mine, theirs] = [crypto.randomUUID(), crypto.randomUUID()];
    let computed = 0;
    const figure = () => cachedForCentre(redis, mine, "x", 60, async () => ++computed);
    await figure();
    await invalidateCentreCache(redis, theirs);
    expect(await figure()).toBe(1);
  });

  test("entries expire after their TTL", async () => {
    const centreId = crypto.randomUUID();
    await cachedForCentre(redis, centreId, "short", 1, async () => "first");
    const keys = await redis.keys(`aetherlearn:cache:${centreId}:*`);
    expect(keys.length).toBe(1);
    expect(await redis.ttl(keys[0] as string)).toBeLessThanOrEqual(1);
  });
});
