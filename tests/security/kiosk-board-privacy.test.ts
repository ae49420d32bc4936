import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { boardName } from "../../src/modules/gamification/present";
import { awardByTutor } from "../../src/modules/gamification/service";
import { db } from "../../src/platform/db";
import { type LiveChannel, liveChannel, publishLive } from "../../src/platform/live";
import {
  actorFor,
  addPerson,
  type Centre,
  classWith,
  createCentre,
  type Kiosk,
  kioskCredentials,
  pairKiosk,
  type StudentPerson,
  signedInAs,
} from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";
import { openSse, type SseConnection } from "../support/sse";
import { send } from "./walk";

const GAMIFIED = { label: "xp", features: { gamification: true } };

/**
 * Children's arrivals are seen by the centre's staff and its paired kiosks only (issue 10, defect 3):
 * a parent or a student, signed in, gets no other child's arrival on any board or live stream.
 * Streams are real SSE connections to a real web process; the check-in is a real kiosk request.
 */
const app = createApp();
const PIN = "730592";
const ARRIVING = "Zelda Quinn";
const ARRIVING_ON_BOARD = "Zelda Q.";
let web: RunningProcess;
let centre: Centre;
let other: Centre;
let centreKiosk: Kiosk;
let otherKiosk: Kiosk;
let arriving: StudentPerson;
const open: SseConnection[] = [];

/** A session of the class that started two minutes ago (never before today's midnight, UTC). */
async function openSessionNow(classId: string): Promise<void> {
  const now = Date.now();
  const midnight = new Date(new Date().toISOString().slice(0, 10)).getTime();
  await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: classId,
      starts_at: new Date(Math.max(now - 120_000, midnight)),
      ends_at: new Date(now + 3600_000),
    })
    .execute();
}

async function stream(cookie: string, path = "/events/live"): Promise<SseConnection> {
  const connection = await openSse(`${web.url}${path}`, cookie);
  open.push(connection);
  return connection;
}

/**
 * Publishes a marker on the stream's own channel and waits for it. Redis delivers one
 * publisher's messages in order, so whatever was published before and is still missing
 * never reached this stream.
 */
async function settle(connection: SseConnection, own: LiveChannel): Promise<void> {
  const marker = `settled-${crypto.randomUUID()}`;
  await publishLive(own, { event: "probe", html: marker });
  await connection.next((frame) => frame.data.includes(marker), 10_000);
}

const mentionsArrival = (connection: SseConnection) =>
  connection.frames.some((frame) => frame.data.includes(ARRIVING_ON_BOARD) || frame.data.includes("live-kiosk-board"));

beforeAll(async () => {
  [web, centre, other] = await Promise.all([
    startWebServer(),
    createCentre(GAMIFIED),
    createCentre({ label: "board-other" }),
  ]);
  [centreKiosk, otherKiosk] = await Promise.all([pairKiosk(centre), pairKiosk(other)]);
  arriving = await addPerson(centre, "student", { name: ARRIVING, pin: PIN });
  const classId = await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student, arriving] });
  await openSessionNow(classId);
  // Zelda has points, so she is on the centre's leaderboards too.
  await awardByTutor(await actorFor(centre.people.tutor), arriving.id, { amount: 40, reason: "Great start" });
});

afterAll(async () => {
  for (const connection of open) connection.close();
  await web?.stop();
});

describe("a child's arrival reaches staff and the centre's kiosks only", () => {
  test("live: a kiosk check-in is pushed to the staff board and the kiosk, never to a parent's or a student's stream", async () => {
    const { people } = centre;
    const parent = await stream((await signedInAs(people.parent)).cookie);
    const student = await stream((await signedInAs(people.student)).cookie);
    const foreignAdmin = await stream((await signedInAs(other.people.centre_admin)).cookie);
    const foreignKiosk = await stream((await kioskCredentials(otherKiosk)).cookie, "/events/kiosk");
    const kiosk = await stream((await kioskCredentials(centreKiosk)).cookie, "/events/kiosk");
    // A tutor's screen showing the board follows what the board page itself connects to.
    const tutor = await signedInAs(people.tutor);
    const boardPage = await (await send(app, "GET", "/kiosk/leaderboard", tutor)).text();
    const boardStream = /hx-sse:connect="([^"]+)"/.exec(boardPage)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(boardStream).toStartWith("/events/live?");
    const staff = await stream(tutor.cookie, boardStream);
    const others = [parent, student, foreignAdmin, foreignKiosk];
    for (const connection of [...others, kiosk]) expect(connection.response.status).toBe(200);

    const checkedIn = await send(app, "POST", "/kiosk/sign-in", await kioskCredentials(centreKiosk), {
      body: { mode: "pin", studentCode: arriving.studentCode, pin: PIN },
    });
    expect(checkedIn.status).toBe(303);
    await kiosk.next((frame) => frame.data.includes(ARRIVING_ON_BOARD) && frame.data.includes("live-kiosk-board"));
    await settle(parent, liveChannel.user(people.parent.id));
    await settle(student, liveChannel.user(people.student.id));
    await settle(foreignAdmin, liveChannel.user(other.people.centre_admin.id));
    await settle(foreignKiosk, liveChannel.kiosk(otherKiosk.id));
    expect(others.map(mentionsArrival)).toEqual([false, false, false, false]);

    // The centre's staff follow the arrivals on their board; nobody else may ask for them.
    expect(staff.response.status).toBe(200);
    await staff.next((frame) => frame.data.includes(ARRIVING_ON_BOARD) && frame.data.includes("live-kiosk-board"));
    const askers = [people.parent, people.student, other.people.centre_owner];
    for (const who of askers) {
      const credentials = await signedInAs(who);
      const asked = await stream(credentials.cookie, `/events/live?topic=arrivals:${centre.id}`);
      expect(asked.response.status).toBe(403);
    }
  });

  test("pages: the arrivals board is for staff and kiosks; a parent or a student gets no arrival on any board", async () => {
    const { people } = centre;
    for (const who of [people.parent, people.student]) {
      const credentials = await signedInAs(who);
      const board = await send(app, "GET", "/kiosk/leaderboard", credentials);
      expect(board.status).toBe(403);
      expect(await board.text()).not.toContain(ARRIVING_ON_BOARD);
      for (const path of ["/leaderboards", "/home", "/my-xp"]) {
        const html = await (await send(app, "GET", path, credentials)).text();
        expect(html).not.toContain("Checked in today");
        expect(html).not.toContain("live-kiosk-board");
      }
    }
    for (const who of [await signedInAs(people.tutor), await kioskCredentials(centreKiosk)]) {
      const board = await send(app, "GET", "/kiosk/leaderboard", who);
      expect(board.status).toBe(200);
      expect(await board.text()).toContain(ARRIVING_ON_BOARD);
    }
    // Another centre's kiosk shows its own centre, never this one's arrivals.
    const foreign = await (await send(app, "GET", "/kiosk/leaderboard", await kioskCredentials(otherKiosk))).text();
    expect(foreign).not.toContain(ARRIVING_ON_BOARD);
  });

  test("a parent's leaderboard names their own children only; other children stay anonymous", async () => {
    const { people } = centre;
    await awardByTutor(await actorFor(people.tutor), people.student.id, { amount: 10, reason: "Tidy work" });
    const parent = await (
      await send(app, "GET", "/leaderboards", await signedInAs(people.parent), { query: "period=all" })
    ).text();
    expect(parent).not.toContain(ARRIVING_ON_BOARD);
    expect(parent).toContain("40");
    expect(parent).toContain(boardName(people.student.name));
    // A parent's page does not follow the centre board's live updates, which carry names.
    expect(parent).not.toContain("topic=leaderboard");
    const student = await (
      await send(app, "GET", "/leaderboards", await signedInAs(people.student), { query: "period=all" })
    ).text();
    expect(student).toContain(ARRIVING_ON_BOARD);
    expect(student).toContain(`topic=leaderboard%3A${centre.id}`);
  });
});
