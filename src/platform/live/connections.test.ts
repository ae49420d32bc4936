import { describe, expect, test } from "bun:test";
import { redis } from "../redis";
import {
  claimConnection,
  connectionsKey,
  HEARTBEAT_BATCH,
  LEASE_MS,
  missingKeys,
  openConnectionCount,
  releaseConnection,
  renewConnections,
} from "./connections";

describe("live connection slots", () => {
  test("a claim takes a slot up to the cap, and checks the stream's session in the same step", async () => {
    const subject = `user:${crypto.randomUUID()}`;
    const session = `test:live-session:${crypto.randomUUID()}`;
    await redis.set(session, "{}", "EX", 60);
    expect(await claimConnection(redis, subject, "a", 2, session)).toBe("claimed");
    expect(await claimConnection(redis, subject, "b", 2)).toBe("claimed");
    expect(await claimConnection(redis, subject, "c", 2, session)).toBe("full");
    await releaseConnection(redis, subject, "a");
    // Signed out between authorising the request and joining: no slot is taken.
    await redis.del(session);
    expect(await claimConnection(redis, subject, "d", 2, session)).toBe("ended");
    expect(await openConnectionCount(redis, subject)).toBe(1);
  });

  test("the heartbeat renews every lease in batches, and never brings back a released one", async () => {
    const subject = `user:${crypto.randomUUID()}`;
    const open = Array.from({ length: HEARTBEAT_BATCH + 7 }, (_, n) => ({ subject, id: `stream-${n}` }));
    const old = Date.now() + 1_000;
    await redis.zadd(connectionsKey(subject), ...open.flatMap((stream) => [old, stream.id]));
    await releaseConnection(redis, subject, "stream-3");
    await renewConnections(redis, open);
    const scores = await redis.zrange(connectionsKey(subject), 0, -1, "WITHSCORES");
    expect(scores.length / 2).toBe(open.length - 1);
    for (let n = 1; n < scores.length; n += 2) expect(Number(scores[n])).toBeGreaterThan(old + LEASE_MS / 2);
    expect(await redis.zscore(connectionsKey(subject), "stream-3")).toBeNull();
    expect(await redis.pttl(connectionsKey(subject))).toBeGreaterThan(LEASE_MS / 2);
  });

  test("the sessions of every open stream are checked in one script per batch, gone ones by position", async () => {
    const prefix = `test:live-alive:${crypto.randomUUID()}`;
    const keys = Array.from({ length: HEARTBEAT_BATCH * 2 + 3 }, (_, n) => `${prefix}:${n}`);
    const gone = new Set([0, 5, HEARTBEAT_BATCH - 1, HEARTBEAT_BATCH, HEARTBEAT_BATCH * 2 + 2]);
    const pipeline = redis.pipeline();
    keys.forEach((key, n) => {
      if (!gone.has(n)) pipeline.set(key, "1", "EX", 60);
    });
    await pipeline.exec();
    expect([...(await missingKeys(redis, keys))].sort((x, y) => x - y)).toEqual([...gone].sort((x, y) => x - y));
    expect((await missingKeys(redis, [])).size).toBe(0);
    await redis.del(...keys.filter((_, n) => !gone.has(n)));
  });
});
