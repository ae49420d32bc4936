import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { notify } from "../../src/modules/notifications/service";
import { db } from "../../src/platform/db";
import { freePort, type RunningProcess, startWebServer, waitFor } from "../support/processes";
import { signIn } from "../support/session";
import {
  type ClusterNginx,
  type DrillCentre,
  drillCentre,
  ResilientStream,
  Started,
  startClusterNginx,
} from "./support";

/**
 * Drill 2 (issue 19): kill -9 one of two web processes behind nginx (the cluster upstream) while
 * pages are viewed and live streams are open. No request may fail except those in flight on the
 * killed node; its streams reconnect through nginx to the other node with Last-Event-ID and get
 * the notifications sent while they were away. Runs with the whole suite, or alone:
 * ./scripts/test.sh ./tests/drills/web-node-kill.drill.ts
 */
const MEANWHILE = 3;
let webA: RunningProcess;
let webB: RunningProcess;
let nginx: ClusterNginx;
let centre: DrillCentre;
const started = new Started();

beforeAll(async () => {
  // Both nodes must know the address people use (nginx's), for the Origin check on forms.
  const port = freePort();
  const env = { PUBLIC_URL: `http://127.0.0.1:${port}` };
  [webA, webB, centre] = await Promise.all([
    startWebServer(env, 60_000).then((web) => started.add(web)),
    startWebServer(env, 60_000).then((web) => started.add(web)),
    drillCentre("drill-web", 0),
  ]);
  nginx = started.add(await startClusterNginx([webA.port, webB.port], port));
}, 120_000);

afterAll(() => started.stopAll());

async function notificationIds(userId: string): Promise<string[]> {
  const rows = await db.selectFrom("notifications").select("id").where("user_id", "=", userId).orderBy("id").execute();
  return rows.map((row) => String(row.id));
}

describe("drill: a web node is killed under traffic", () => {
  test("only in-flight requests fail; live streams reconnect to the other node and miss nothing", async () => {
    const { fixture } = centre;
    const student = await signIn(nginx.url, {
      centre: fixture.slug,
      studentCode: fixture.people.student.studentCode,
      pin: fixture.people.student.pin,
    });
    // Two streams: nginx's round robin puts them on different nodes, so one is on the node killed.
    const streams = [0, 1].map(() => new ResilientStream(`${nginx.url}/events/live`, student.cookie));
    started.add({
      async stop() {
        for (const stream of streams) stream.close();
      },
    });
    // Notifications as the worker's handlers send them: a row, then a live push through Redis.
    let sent = 0;
    const sendNotification = () =>
      notify(
        { centreId: fixture.id, userId: fixture.people.student.id },
        { text: `Drill notification ${++sent}`, link: "/home" },
      );
    await waitFor(async () => streams.every((stream) => stream.frames > 0), 30_000, "both streams subscribed");
    await sendNotification();
    await waitFor(
      async () => streams.every((stream) => stream.ids.length === 1),
      30_000,
      "the first notification",
    ).catch((error) => {
      throw new Error(`${error.message}; stream statuses ${streams.map((stream) => stream.statuses.join(","))}`);
    });

    const requests: { started: number; ended: number; ok: boolean }[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        const started = Date.now();
        const response = await student.get("/home").catch(() => null);
        requests.push({ started, ended: Date.now(), ok: response?.status === 200 });
        await response?.body?.cancel();
      }
    })();
    // Stopped by afterAll too, should an expectation below fail first.
    const stopTraffic = started.add({
      async stop() {
        running = false;
        await traffic;
      },
    });
    await waitFor(async () => requests.length >= 5, 30_000, "steady traffic");

    const killedAt = Date.now();
    webA.process.kill("SIGKILL");
    for (let n = 0; n < MEANWHILE; n++) await sendNotification();
    const expected = await waitFor(
      async () => (await notificationIds(fixture.people.student.id)).length === 1 + MEANWHILE,
      30_000,
      "the notifications sent meanwhile",
    ).then(() => notificationIds(fixture.people.student.id));
    await waitFor(
      async () => streams.every((stream) => expected.every((id) => stream.ids.includes(id))),
      30_000,
      "every stream to receive every notification",
    );
    const recoveredAt = Date.now();
    await waitFor(async () => requests.some((request) => request.started > recoveredAt), 30_000, "traffic after");
    await stopTraffic.stop();
    for (const stream of streams) stream.close();

    const failed = requests.filter((request) => !request.ok);
    const inFlight = failed.filter((request) => request.started <= killedAt);
    const lost = streams.reduce((sum, stream) => sum + expected.filter((id) => !stream.ids.includes(id)).length, 0);
    const duplicated = streams.reduce((sum, stream) => sum + stream.ids.length - new Set(stream.ids).size, 0);
    const reconnects = streams.reduce((sum, stream) => sum + stream.reconnects, 0);
    console.log(
      `drill web-node-kill: streams caught up ${recoveredAt - killedAt} ms after the kill; requests ${requests.length}, ` +
        `failures ${failed.length} (in flight at the kill ${inFlight.length}), stream reconnects ${reconnects}, ` +
        `notifications ${expected.length} per stream, lost ${lost}, duplicated ${duplicated}`,
    );
    expect(failed.length).toBe(inFlight.length);
    expect(reconnects).toBeGreaterThanOrEqual(1);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
  }, 120_000);
});
