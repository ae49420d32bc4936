import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { redisCommandsDuring } from "../../../tests/support/redis-commands";
import { createApp } from "../../app";
import { announceCentreChange, centreContextAt } from "../centre-context";
import { db } from "../db";
import { redis } from "../redis";
import { createSession, sessionKey } from "../session/store";
import { trustedCentreId } from "../tenancy";
import { accessRound, roundRule } from "./access-round";

const app = createApp();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "access-round" });
});

/**
 * The commands sent while `work` runs, a script call named by what it is: the access round's own
 * ("access-round") or another's (a live hub's heartbeat left running by an earlier test file may
 * send one meanwhile).
 */
async function commandsDuring(work: () => Promise<unknown>): Promise<string[]> {
  return (await redisCommandsDuring(work)).map((command) => {
    const name = command.name.toLowerCase();
    const script = name === "evalsha" || name === "eval";
    return script && command.args.some((arg) => String(arg).includes('"absoluteMs"')) ? "access-round" : name;
  });
}

const SESSION_OR_RATE = new Set(["get", "expire", "multi", "exec", "zadd", "zcard", "zremrangebyscore", "pexpire"]);

describe("a signed-in request asks Redis once before its handler", () => {
  test("the session, its idle renewal, the rate limit and the centre's version are one script call", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    await send(app, "GET", "/profile", tutor);
    const sent = await commandsDuring(async () => expect((await send(app, "GET", "/profile", tutor)).status).toBe(200));
    expect(sent.filter((name) => name === "access-round")).toHaveLength(1);
    // Nothing of the old three round trips is left: no GET + EXPIRE for the session, no MULTI for the limit.
    expect(sent.filter((name) => SESSION_OR_RATE.has(name))).toEqual([]);
  });

  test("the idle timer is renewed by that call", async () => {
    await redis.del(`aetherlearn:user-sessions:${centre.people.tutor.id}`);
    const tutor = await signedInAs(centre.people.tutor);
    const [sid = ""] = await redis.smembers(`aetherlearn:user-sessions:${centre.people.tutor.id}`);
    await redis.expire(sessionKey(sid), 5);
    await send(app, "GET", "/profile", tutor);
    expect(await redis.ttl(sessionKey(sid))).toBeGreaterThan(60);
  });
});

describe("the centre kept per web process", () => {
  test("is reused while its version stands, and read afresh as soon as a change is announced", async () => {
    const id = trustedCentreId(centre.id);
    const version = async () => (await redis.get(`aetherlearn:centre-version:${id}`)) ?? "0";
    const first = await centreContextAt(id, await version());
    expect(await centreContextAt(id, await version())).toBe(first);

    await db.updateTable("centres").set({ name: "Renamed Behind Its Back" }).where("id", "=", id).execute();
    expect((await centreContextAt(id, await version()))?.name).toBe(centre.name);
    await announceCentreChange(id);
    expect((await centreContextAt(id, await version()))?.name).toBe("Renamed Behind Its Back");

    // And through a page: the very next request after the announcement shows it.
    const tutor = await signedInAs(centre.people.tutor);
    await db.updateTable("centres").set({ name: centre.name }).where("id", "=", id).execute();
    await announceCentreChange(id);
    expect(await (await send(app, "GET", "/home", tutor)).text()).toContain(centre.name);
  });
});

describe("the round trip's rules", () => {
  const session = (fields: { kioskId?: string; createdAt?: number } = {}) =>
    createSession(redis, {
      userId: crypto.randomUUID(),
      centreId: centre.id,
      actingCentreId: null,
      role: "tutor",
      name: "Round Trip",
      ip: "127.0.0.1",
      userAgent: "test",
      ...fields,
    });

  test("a person's budget is keyed by the session's person and refuses past its limit, with a wait", async () => {
    const record = await session();
    const ask = () =>
      accessRound(redis, {
        sessionId: record.id,
        kiosk: null,
        asUser: [roundRule("round-test", null, 2)],
        otherwise: [roundRule("round-test", "ip:10.0.0.1", 1000)],
      });
    expect((await ask()).rate.allowed).toBe(true);
    expect((await ask()).rate.allowed).toBe(true);
    const third = await ask();
    expect(third.rate).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(third.session?.userId).toBe(record.userId);
    expect(third.centre).toEqual({ id: centre.id, version: expect.any(String) });
    expect(await redis.zcard(`aetherlearn:rate:round-test:user:${record.userId}`)).toBe(3);
  });

  test("a kiosk-bound session without its kiosk is not the one acting: the other budgets apply", async () => {
    const record = await session({ kioskId: crypto.randomUUID() });
    const subject = `ip:${crypto.randomUUID()}`;
    const answer = await accessRound(redis, {
      sessionId: record.id,
      kiosk: null,
      asUser: [roundRule("round-test", null, 1000)],
      otherwise: [roundRule("round-test", subject, 1000)],
    });
    expect(answer.acting).toBe(false);
    expect(answer.centre).toBeNull();
    expect(await redis.zcard(`aetherlearn:rate:round-test:${subject}`)).toBe(1);
  });

  test("a session past its absolute lifetime comes back as expired, not live", async () => {
    const record = await session();
    await redis.set(sessionKey(record.id), JSON.stringify({ ...record, createdAt: Date.now() - 13 * 3600 * 1000 }));
    const answer = await accessRound(redis, { sessionId: record.id, kiosk: null, asUser: [], otherwise: [] });
    expect(answer.session).toBeNull();
    expect(answer.expired?.id).toBe(record.id);
  });

  test("without a session the first refused budget stops the others (a sign-in's address, then account)", async () => {
    const ip = `ip:${crypto.randomUUID()}`;
    const account = `account:${crypto.randomUUID()}`;
    const ask = () =>
      accessRound(redis, {
        sessionId: null,
        kiosk: null,
        asUser: [],
        otherwise: [roundRule("round-test", ip, 1), roundRule("round-test", account, 1000)],
      });
    await ask();
    expect((await ask()).rate.allowed).toBe(false);
    expect(await redis.zcard(`aetherlearn:rate:round-test:${account}`)).toBe(1);
  });
});

afterAll(async () => {
  await db.updateTable("centres").set({ name: centre.name }).where("id", "=", centre.id).execute();
  await announceCentreChange(centre.id);
});
