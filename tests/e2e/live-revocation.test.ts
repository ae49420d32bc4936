import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { addMember, createClass, removeMember } from "../../src/modules/classes/service";
import { redis } from "../../src/platform/redis";
import { confirmationTokenIn } from "../security/walk";
import {
  actorFor,
  type Centre,
  classInput,
  createCentre,
  createCourse,
  kioskCredentials,
  pairKiosk,
  signedInAs,
} from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";
import { openSse, type SseConnection } from "../support/sse";

/**
 * An open live stream ends when what it was opened with ends: its session signed out (here or
 * everywhere), its kiosk revoked, or its session gone on its own. The stream is on one web
 * process and the sign-out or revocation on another, as behind a load balancer.
 */
let a: RunningProcess;
let b: RunningProcess;
let centre: Centre;
const open: SseConnection[] = [];

beforeAll(async () => {
  // Heartbeats every 2 s instead of 15: the ends found at the next check come sooner.
  const env = { SSE_HEARTBEAT_SECONDS: "2" };
  [a, b, centre] = await Promise.all([startWebServer(env), startWebServer(env), createCentre({ label: "live-end" })]);
});

afterAll(async () => {
  for (const connection of open) connection.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

async function connect(server: RunningProcess, cookie: string, path = "/events/live"): Promise<SseConnection> {
  const connection = await openSse(`${server.url}${path}`, cookie);
  open.push(connection);
  expect(connection.response.status).toBe(200);
  return connection;
}

/** A form post to a web process as its own page would send it. */
function post(
  server: RunningProcess,
  path: string,
  who: { cookie: string; csrfToken: string },
  fields: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: who.cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, _csrf: who.csrfToken }).toString(),
  });
}

/** A destructive route's post: its confirm page first, then the confirm page's own post. */
async function confirmedPost(server: RunningProcess, path: string, who: { cookie: string; csrfToken: string }) {
  const token = confirmationTokenIn(await (await post(server, path, who)).text()) ?? "";
  return post(server, path, who, { confirm: token });
}

/** The session id the cookie's signed token names. */
function sessionIdOf(cookie: string): string {
  const payload = cookie.split("=")[1]?.split(".")[1] ?? "";
  return (JSON.parse(Buffer.from(payload, "base64url").toString()) as { sid: string }).sid;
}

/** Resolves true when the stream ended within the time, false otherwise. */
function endsWithin(connection: SseConnection, ms: number): Promise<boolean> {
  return Promise.race([connection.ended.then(() => true), Bun.sleep(ms).then(() => false)]);
}

describe("live streams end with their credential", () => {
  test("signing out ends that session's open streams on every web process, and only those", async () => {
    const parent = centre.people.parent;
    const signedIn = await signedInAs(parent);
    const otherDevice = await signedInAs(parent);
    const [onA, onB, kept] = [
      await connect(a, signedIn.cookie),
      await connect(b, signedIn.cookie),
      await connect(b, otherDevice.cookie),
    ];
    expect((await post(a, "/sign-out", signedIn)).status).toBe(303);
    expect(await endsWithin(onA, 5_000)).toBe(true);
    expect(await endsWithin(onB, 5_000)).toBe(true);
    expect(await endsWithin(kept, 500)).toBe(false);

    expect((await confirmedPost(a, "/sign-out-everywhere", otherDevice)).status).toBe(303);
    expect(await endsWithin(kept, 5_000)).toBe(true);
  });

  test("revoking a kiosk ends its board's stream at once", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const kiosk = await pairKiosk(centre);
    const board = await connect(b, (await kioskCredentials(kiosk)).cookie, "/events/kiosk");
    expect((await confirmedPost(a, `/kiosks/${kiosk.id}/revoke`, admin)).status).toBe(303);
    expect(await endsWithin(board, 5_000)).toBe(true);
  });

  test("a stream stops following a topic that is no longer the person's: a student who left the class", async () => {
    const admin = await actorFor(centre.people.centre_admin);
    const classId = await createClass(
      admin,
      classInput(await createCourse(centre), centre.people.tutor.id, { name: "Leaving class" }),
    );
    await addMember(admin, classId, centre.people.student.id);
    const student = await signedInAs(centre.people.student);
    const board = await connect(b, student.cookie, `/events/live?topic=class:${classId}`);
    const stays = await connect(b, student.cookie);
    await removeMember(admin, classId, centre.people.student.id);
    expect(await endsWithin(board, 90_000)).toBe(true);
    expect(await endsWithin(stays, 100)).toBe(false);
    const again = await openSse(`${b.url}/events/live?topic=class:${classId}`, student.cookie);
    expect(again.response.status).toBe(403);
  }, 120_000);

  test("a session that lapses without a sign-out (idle or absolute expiry) ends its stream at the next check", async () => {
    const student = await signedInAs(centre.people.student);
    const stream = await connect(b, student.cookie);
    // Expiry as Redis does it: the key is simply gone, no one announces it.
    expect(await redis.del(`aetherlearn:session:${sessionIdOf(student.cookie)}`)).toBe(1);
    expect(await endsWithin(stream, 90_000)).toBe(true);
  }, 120_000);
});
