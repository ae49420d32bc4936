import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { config } from "../../src/config";
import { notify } from "../../src/modules/notifications/service";
import { db } from "../../src/platform/db";
import { liveChannel, publishLive } from "../../src/platform/live";
import { openConnectionCount } from "../../src/platform/live/connections";
import { redis } from "../../src/platform/redis";
import { type Centre, createCentre, signedInAs } from "../support/fixtures";
import { type RunningProcess, startWebServer, waitFor } from "../support/processes";
import { openSse, type SseConnection } from "../support/sse";

let a: RunningProcess;
let b: RunningProcess;
let centre: Centre;
const open: SseConnection[] = [];

async function connect(server: RunningProcess, cookie: string, path = "/events/live", headers = {}) {
  const connection = await openSse(`${server.url}${path}`, cookie, headers);
  open.push(connection);
  return connection;
}

beforeAll(async () => {
  [a, b, centre] = await Promise.all([startWebServer(), startWebServer(), createCentre({ label: "live" })]);
});

afterAll(async () => {
  for (const connection of open) connection.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

describe("live updates over SSE, across web processes", () => {
  test("a message published once reaches streams on both processes", async () => {
    const { cookie } = await signedInAs(centre.people.student);
    const [onA, onB] = await Promise.all([connect(a, cookie), connect(b, cookie)]);
    for (const stream of [onA, onB]) {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get("content-type")).toContain("text/event-stream");
      // The first message is the bell's current count.
      await stream.next((frame) => frame.data.includes('hx-target="#live-notification-count"'));
    }
    const probe = `probe-${crypto.randomUUID()}`;
    const started = performance.now();
    await publishLive(liveChannel.user(centre.people.student.id), { event: "probe", html: `<b>${probe}</b>` });
    const frames = await Promise.all([onA, onB].map((s) => s.next((frame) => frame.data.includes(probe), 2_000)));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(frames[0]?.data).toBe(
      `<hx-partial hx-target="#live-probe" hx-swap="innerHTML"><b>${probe}</b></hx-partial>`,
    );
  });

  test("a reconnect with Last-Event-ID replays the notifications it missed, in order", async () => {
    const parent = centre.people.parent;
    const { cookie } = await signedInAs(parent);
    const texts = [1, 2, 3].map((n) => `Note ${n} ${crypto.randomUUID().slice(0, 6)}`);
    for (const text of texts) await notify({ centreId: centre.id, userId: parent.id }, { text, link: "/home" });
    const live = await connect(a, cookie);
    await live.next((frame) => frame.data.includes("notification-count"));

    const rows = await db
      .selectFrom("notifications")
      .select(["id", "text"])
      .where("user_id", "=", parent.id)
      .orderBy("id")
      .execute();
    const firstId = String(rows.find((row) => row.text === texts[0])?.id);
    const resumed = await connect(b, cookie, "/events/live", { "last-event-id": firstId });
    await resumed.next((frame) => frame.data.includes("notification-count"));
    const replayed = resumed.frames.filter((frame) => frame.id !== null);
    expect(replayed.map((frame) => texts.findIndex((text) => frame.data.includes(text)))).toEqual([1, 2]);

    // A new notification arrives live, with its id, on every open stream of that person.
    const fourth = `Note 4 ${crypto.randomUUID().slice(0, 6)}`;
    await notify({ centreId: centre.id, userId: parent.id }, { text: fourth });
    for (const stream of [live, resumed]) {
      const frame = await stream.next((f) => f.data.includes(fourth), 2_000);
      expect(frame.id).toMatch(/^\d+$/);
      expect(frame.data).toContain('hx-swap="afterbegin"');
    }
  });

  test("each person may hold a capped number of streams; closing one frees its slot", async () => {
    const tutor = centre.people.tutor;
    const { cookie } = await signedInAs(tutor);
    const cap = config.SSE_MAX_CONNECTIONS_PER_USER;
    const streams: SseConnection[] = [];
    for (let n = 0; n < cap; n++) streams.push(await connect(n % 2 ? b : a, cookie));
    expect(streams.map((s) => s.response.status)).toEqual(Array(cap).fill(200));
    const refused = await connect(a, cookie);
    expect(refused.response.status).toBe(429);
    expect(await refused.response.text()).toContain("too many live windows");

    streams[0]?.close();
    await waitFor(async () => (await openConnectionCount(redis, `user:${tutor.id}`)) === cap - 1, 5_000, "slot freed");
    expect((await connect(b, cookie)).response.status).toBe(200);

    for (const stream of open) stream.close();
    await waitFor(async () => (await openConnectionCount(redis, `user:${tutor.id}`)) === 0, 5_000, "all slots freed");
  });

  test("topics are authorised on connect; plain page requests are refused", async () => {
    const tutor = centre.people.tutor;
    const { cookie } = await signedInAs(tutor);
    const plain = await fetch(`${a.url}/events/live`, { headers: { cookie } });
    expect(plain.status).toBe(406);
    const unknown = await connect(a, cookie, "/events/live?topic=nonsense");
    expect(unknown.response.status).toBe(422);
    const others = await connect(a, cookie, `/events/live?topic=marking:${centre.people.head_tutor.id}`);
    expect(others.response.status).toBe(403);
    const own = await connect(a, cookie, `/events/live?topic=marking:${tutor.id}`);
    expect(own.response.status).toBe(200);
    await own.next((frame) => frame.data.includes("notification-count"));
    const count = `queue-${crypto.randomUUID().slice(0, 6)}`;
    await publishLive(liveChannel.marking(tutor.id), { event: "marking-count", html: count });
    await own.next((frame) => frame.data.includes(count), 2_000);
    own.close();
  });
});
