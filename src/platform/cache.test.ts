import { afterAll, describe, expect, test } from "bun:test";
import { redisCommandsDuring } from "../../tests/support/redis-commands";
import {
  cachedForCentre,
  cachedManyForCentre,
  cachedTextForCentre,
  cachePart,
  invalidateCentreCache,
  invalidateParts,
  partVersions,
} from "./cache";
import { createRedis } from "./redis";

const redis = createRedis();
afterAll(() => redis.disconnect());

describe("centre-scoped read cache", () => {
  test("computes once within the TTL, again after the centre's cache is invalidated", async () => {
    const centreId = crypto.randomUUID();
    let computed = 0;
    const figure = () =>
      cachedForCentre(redis, centreId, [], "dashboard:admin", 60, async () => ({ count: ++computed }));
    expect(await figure()).toEqual({ count: 1 });
    expect(await figure()).toEqual({ count: 1 });
    await invalidateCentreCache(redis, centreId);
    expect(await figure()).toEqual({ count: 2 });
  });

  test("another centre's invalidation leaves this centre's cache alone", async () => {
    const [mine, theirs] = [crypto.randomUUID(), crypto.randomUUID()];
    let computed = 0;
    const figure = () => cachedForCentre(redis, mine, [], "x", 60, async () => ++computed);
    await figure();
    await invalidateCentreCache(redis, theirs);
    expect(await figure()).toBe(1);
  });

  test("entries expire after their TTL", async () => {
    const centreId = crypto.randomUUID();
    await cachedForCentre(redis, centreId, [], "short", 1, async () => "first");
    const keys = await redis.keys(`aetherlearn:cache:${centreId}:*`);
    expect(keys.length).toBe(1);
    expect(await redis.ttl(keys[0] as string)).toBeLessThanOrEqual(1);
  });
});

describe("process-local copies of large cached texts", () => {
  test("a hit comes from this process without reading the value from Redis; a write anywhere makes it stale", async () => {
    const centreId = crypto.randomUUID();
    let computed = 0;
    const page = () => cachedTextForCentre(redis, centreId, [], "markbook:x", 60, async () => `grid ${++computed}`);
    expect(await page()).toBe("grid 1");
    // The Redis copy is gone (evicted, say): the process's own copy still answers.
    for (const key of await redis.keys(`aetherlearn:cache:${centreId}:*`)) await redis.del(key);
    expect(await page()).toBe("grid 1");
    // Another web node's write bumps the centre's version in Redis: this copy is stale at once.
    await invalidateCentreCache(redis, centreId);
    expect(await page()).toBe("grid 2");
  });
});

describe("versions per part", () => {
  test("a part marked stale recomputes the values showing it, and only those", async () => {
    const centreId = crypto.randomUUID();
    const [ann, bob] = [cachePart.student(crypto.randomUUID()), cachePart.student(crypto.randomUUID())];
    let computed = 0;
    const figure = (part: typeof ann) =>
      cachedForCentre(redis, centreId, [part], "dashboard", 60, async () => ++computed);
    expect(await figure(ann)).toBe(1);
    expect(await figure(bob)).toBe(2);
    await invalidateParts(redis, centreId, [ann]);
    expect(await figure(ann)).toBe(3);
    expect(await figure(bob)).toBe(2);
    expect(await partVersions(redis, centreId, [ann, bob])).toEqual([1, 0]);
  });

  test("the centre's own version makes every part's values stale", async () => {
    const centreId = crypto.randomUUID();
    const part = cachePart.class(crypto.randomUUID());
    let computed = 0;
    const figure = () => cachedForCentre(redis, centreId, [part], "markbook", 60, async () => ++computed);
    await figure();
    await invalidateCentreCache(redis, centreId);
    expect(await figure()).toBe(2);
    expect(await partVersions(redis, centreId, ["all", part])).toEqual([1, 0]);
  });

  test("the same name over other parts is another value (a parent whose children changed)", async () => {
    const centreId = crypto.randomUUID();
    const [first, second] = [cachePart.student(crypto.randomUUID()), cachePart.student(crypto.randomUUID())];
    const one = await cachedForCentre(redis, centreId, [first], "parent", 60, async () => "one child");
    const two = await cachedForCentre(redis, centreId, [first, second], "parent", 60, async () => "two children");
    expect([one, two]).toEqual(["one child", "two children"]);
  });

  test("a large text's process copy goes stale with its part, not with another", async () => {
    const centreId = crypto.randomUUID();
    const [mine, theirs] = [cachePart.class(crypto.randomUUID()), cachePart.class(crypto.randomUUID())];
    let computed = 0;
    const page = () => cachedTextForCentre(redis, centreId, [mine], "markbook:y", 60, async () => `grid ${++computed}`);
    expect(await page()).toBe("grid 1");
    await invalidateParts(redis, centreId, [theirs]);
    expect(await page()).toBe("grid 1");
    await invalidateParts(redis, centreId, [mine]);
    expect(await page()).toBe("grid 2");
  });
});

describe("the read script", () => {
  /** The commands this client sends while `work` runs, by name. */
  const commandsDuring = async (work: () => Promise<unknown>) =>
    (await redisCommandsDuring(work, redis)).map((command) => command.name.toLowerCase());

  test("a hit is one EVALSHA (the script's hash, not its text), and a Redis that lost its scripts still answers", async () => {
    const centreId = crypto.randomUUID();
    const read = () => cachedForCentre(redis, centreId, [cachePart.class("c")], "grid", 60, async () => "value");
    await read();
    expect(await commandsDuring(async () => expect(await read()).toBe("value"))).toEqual(["evalsha"]);
    // A restart or a new primary: NOSCRIPT, which ioredis answers by loading the script, once.
    await redis.script("FLUSH");
    expect(await read()).toBe("value");
    expect(await commandsDuring(async () => expect(await read()).toBe("value"))).toEqual(["evalsha"]);
  });

  test("several values in one EVALSHA; what missed computed and stored in one more; the same keys as one at a time", async () => {
    const centreId = crypto.randomUUID();
    const [student, klass] = [cachePart.student(crypto.randomUUID()), cachePart.class(crypto.randomUUID())];
    let computed = 0;
    const both = () =>
      cachedManyForCentre<[string, [string, number]]>(redis, centreId, [
        { parts: ["board"], name: "board", ttlSeconds: 60, compute: async () => `board ${++computed}` },
        { parts: [student], name: "tabs", ttlSeconds: 300, compute: async () => [klass, ++computed] },
      ]);
    expect(await commandsDuring(async () => expect(await both()).toEqual(["board 1", [klass, 2]]))).toEqual([
      "evalsha",
      "evalsha",
    ]);
    expect(await commandsDuring(async () => expect(await both()).toEqual(["board 1", [klass, 2]]))).toEqual([
      "evalsha",
    ]);
    // Each value under the key cachedForCentre reads, with its own lifetime.
    const tabs = await cachedForCentre(redis, centreId, [student], "tabs", 300, async () => ["not this", 0]);
    expect(tabs).toEqual([klass, 2]);
    const ttls = await Promise.all((await redis.keys(`aetherlearn:cache:${centreId}:*`)).map((key) => redis.ttl(key)));
    expect(ttls).toHaveLength(2);
    expect(Math.max(...ttls)).toBeGreaterThan(60);
    // A part marked stale: only its value is computed again, and stored alone.
    await invalidateParts(redis, centreId, [student]);
    expect(await both()).toEqual(["board 1", [klass, 3]]);
    await invalidateCentreCache(redis, centreId);
    expect(await both()).toEqual(["board 4", [klass, 5]]);
  });
});
