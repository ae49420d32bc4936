import { afterAll, describe, expect, setSystemTime, test } from "bun:test";
import { createRedis } from "../redis";
import { createSession, loadSession, revokeSession, revokeUserSessions } from "./store";

const redis = createRedis();

afterAll(() => {
  setSystemTime();
  redis.disconnect();
});

function newSession(userId = crypto.randomUUID()) {
  return createSession(redis, {
    userId,
    centreId: crypto.randomUUID(),
    actingCentreId: null,
    role: "tutor",
    name: "Test Tutor",
    ip: "127.0.0.1",
    userAgent: "test",
  });
}

describe("server-side sessions in Redis", () => {
  test("a session loads back, and sign-out revokes it at once", async () => {
    const session = await newSession();
    expect((await loadSession(redis, session.id))?.userId).toBe(session.userId);
    await revokeSession(redis, session);
    expect(await loadSession(redis, session.id)).toBeNull();
  });

  test("an idle session expires, and each use renews the idle timer", async () => {
    const session = await newSession();
    const key = `aetherlearn:session:${session.id}`;
    await redis.expire(key, 5);
    await loadSession(redis, session.id);
    expect(await redis.ttl(key)).toBeGreaterThan(60);
    await redis.pexpire(key, 1);
    await Bun.sleep(20);
    expect(await loadSession(redis, session.id)).toBeNull();
  });

  test("a session past its absolute lifetime is refused and removed, however active", async () => {
    const session = await newSession();
    setSystemTime(new Date(Date.now() + 13 * 3600 * 1000));
    expect(await loadSession(redis, session.id)).toBeNull();
    setSystemTime();
    expect(await redis.exists(`aetherlearn:session:${session.id}`)).toBe(0);
  });

  test("sign out everywhere revokes every session of that user only", async () => {
    const userId = crypto.randomUUID();
    const [a, b] = [await newSession(userId), await newSession(userId)];
    const someoneElse = await newSession();
    expect(await revokeUserSessions(redis, userId)).toBe(2);
    expect(await loadSession(redis, a.id)).toBeNull();
    expect(await loadSession(redis, b.id)).toBeNull();
    expect(await loadSession(redis, someoneElse.id)).not.toBeNull();
  });
});
