import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  anonymousCredentials,
  type Centre,
  type Credentials,
  createCentre,
  demoHomework,
  FIXTURE_PIN,
  type Kiosk,
  kioskCredentials,
  pairKiosk,
  type StudentPerson,
  scheduledClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { SESSION_COOKIE } from "../../platform/http/authenticate";
import { redis } from "../../platform/redis";

/**
 * Picture sign-in and kiosk homework, in-process: the roster the kiosk shows, the number pad,
 * refusals a child can read, the homework session's limits and its binding to the kiosk, and the
 * late mark on the tutor's register.
 */
const app = createApp();
let centre: Centre;
let other: Centre;
let kiosk: Credentials;
let device: Kiosk;
let early: StudentPerson;
let late: StudentPerson;
let absentee: StudentPerson;
let homeworkTitle: string;
let sessionId: string;

const pictureSignIn = (who: Credentials, student: { id: string }, pin = FIXTURE_PIN) =>
  send(app, "POST", "/kiosk/sign-in", who, { body: { mode: "picture", studentId: student.id, pin } });

/** The kiosk's homework session cookie from a response, added to the kiosk's own cookie. */
function withSession(device: Credentials, response: Response): Credentials {
  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "")?.[1];
  return { ...device, cookie: `${device.cookie}; ${SESSION_COOKIE}=${cookie}` };
}

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "picture" }), createCentre({ label: "picture-other" })]);
  device = await pairKiosk(centre);
  kiosk = await kioskCredentials(device);
  early = centre.people.student;
  late = await addPerson(centre, "student", { name: "Lola Late" });
  absentee = await addPerson(centre, "student", { name: "Nadia Notinclass" });
  homeworkTitle = `Picture homework ${centre.slug}`;
  await demoHomework(centre, homeworkTitle);
  const classId = await scheduledClass(centre, { name: "Picture class", members: [early, late] });
  // Started 20 minutes ago: whoever checks in now is late.
  const now = Date.now();
  const row = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: classId,
      starts_at: new Date(now - 20 * 60_000),
      ends_at: new Date(now + 3_600_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  sessionId = row.id;
  // The only session open now: the demo classes' own slots (16:00) would otherwise bring their
  // students onto the kiosk when the test happens to run at that hour.
  await db.deleteFrom("class_sessions").where("centre_id", "=", centre.id).where("id", "!=", sessionId).execute();
});

describe("picture sign-in", () => {
  test("the kiosk shows this session's expected students as pictures with first names, nobody else", async () => {
    const html = await (await send(app, "GET", "/kiosk", kiosk)).text();
    expect(html).toContain(`href="/kiosk/pin/${early.id}"`);
    expect(html).toContain(`href="/kiosk/pin/${late.id}"`);
    expect(html).toContain(">Lola<");
    expect(html).not.toContain(absentee.id);
    expect(html).not.toContain("Lola Late");
    expect(html).toContain("Tap your picture");
    expect(html).toContain("data-camera");
  });

  test("the number pad for a child of this centre; another centre's child is not found", async () => {
    const pad = await send(app, "GET", `/kiosk/pin/${late.id}`, kiosk);
    expect(pad.status).toBe(200);
    const html = await pad.text();
    expect(html).toContain("Hi Lola! Type your PIN");
    expect(html.match(/class="pad-key/g)?.length).toBe(12);
    expect(html).toContain('inputmode="none"');
    expect((await send(app, "GET", `/kiosk/pin/${other.people.student.id}`, kiosk)).status).toBe(404);
    expect((await send(app, "GET", "/kiosk/pin/not-a-uuid", kiosk)).status).toBe(422);
  });

  test("a wrong PIN shows the pad again with a readable refusal; the right one checks the child in as late", async () => {
    const wrong = await pictureSignIn(kiosk, late, "999111");
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain("Hi Lola! Type your PIN");
    expect(html).toContain('class="kiosk-message bad" role="alert"');
    expect((await pictureSignIn(kiosk, late, "12")).status).toBe(422);
    expect((await pictureSignIn(kiosk, other.people.student)).status).toBe(404);
    const right = await pictureSignIn(kiosk, late);
    expect(right.status).toBe(303);
    const welcome = await (await send(app, "GET", "/kiosk", kiosk)).text();
    expect(welcome).toContain("You&#39;re checked in!");
    expect(welcome).toContain("you are checked in (late)");
    const mark = await db
      .selectFrom("attendance")
      .where("centre_id", "=", centre.id)
      .where("session_id", "=", sessionId)
      .where("student_id", "=", late.id)
      .select(["status", "method"])
      .executeTakeFirstOrThrow();
    expect(mark).toEqual({ status: "late", method: "kiosk" });
    await send(app, "POST", "/kiosk/sign-out", kiosk);
  });

  test("the tutor's register marks the late arrival", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const html = await (await send(app, "GET", `/timetable/sessions/${sessionId}`, tutor)).text();
    const row = html.slice(html.indexOf(`id="attendance-${late.id}"`));
    expect(row.slice(0, row.indexOf("</tr>"))).toContain("Late arrival");
  });

  test("an unpaired tablet opening the kiosk is told how to pair it", async () => {
    const response = await send(app, "GET", "/kiosk", anonymousCredentials());
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("/kiosk/pair");
  });
});

describe("homework at the kiosk", () => {
  test("after check-in a child opens only their homework; the session is bound to this kiosk and ends for the next child", async () => {
    expect((await pictureSignIn(kiosk, early)).status).toBe(303);
    const started = await send(app, "POST", "/kiosk/homework", kiosk);
    expect(started.status).toBe(303);
    expect(started.headers.get("location")).toBe("/kiosk/homework");
    const child = withSession(kiosk, started);
    const audited = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", centre.id)
      .where("action", "=", "auth.sign_in")
      .where("target_id", "=", early.id)
      .select("after")
      .executeTakeFirstOrThrow();
    expect(audited.after).toMatchObject({ kioskId: device.id, scope: "kiosk_homework" });
    const list = await (await send(app, "GET", "/kiosk/homework", child)).text();
    expect(list).toContain(homeworkTitle);
    expect(list).toContain("I&#39;m finished");
    expect(list).toContain('data-idle-seconds="60"');
    expect(list).not.toContain('href="/home"');
    // Homework only: home, messages, profile are refused.
    for (const path of ["/home", "/messages", "/profile"])
      expect((await send(app, "GET", path, child)).status).toBe(403);
    // The cookie alone, away from this kiosk (or beside another kiosk), is nobody.
    const sessionOnly = { ...child, cookie: child.cookie.split("; ")[1] as string };
    expect((await send(app, "GET", "/kiosk/homework", sessionOnly)).status).not.toBe(200);
    const elsewhere = await kioskCredentials(await pairKiosk(centre));
    const borrowed = { ...elsewhere, cookie: `${elsewhere.cookie}; ${sessionOnly.cookie}` };
    expect((await send(app, "GET", "/kiosk/homework", borrowed)).status).toBe(403);
    // The server ends it after 90 s without a request whatever the page does.
    const current = JSON.parse((await redis.get(`aetherlearn:kiosk-homework:${device.id}`)) ?? "{}") as { id?: string };
    const ttl = await redis.ttl(`aetherlearn:session:${current.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(90);

    // "I'm finished": the session is gone and the kiosk is back to the pictures.
    // The page's own form carries the child's session's CSRF token, not the kiosk's.
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(list)?.[1] ?? "";
    const finished = await send(app, "POST", "/kiosk/homework/finish", { ...child, csrfToken });
    expect(finished.status).toBe(303);
    expect(finished.headers.get("location")).toBe("/kiosk");
    expect((await send(app, "GET", "/kiosk/homework", child)).status).toBe(403);

    // A homework session left open ends when the next child checks in.
    expect((await pictureSignIn(kiosk, early)).status).toBe(303);
    const again = withSession(kiosk, await send(app, "POST", "/kiosk/homework", kiosk));
    expect((await send(app, "GET", "/kiosk/homework", again)).status).toBe(200);
    expect((await pictureSignIn(kiosk, late)).status).toBe(303);
    expect((await send(app, "GET", "/kiosk/homework", again)).status).toBe(403);
    expect(await (await send(app, "GET", "/kiosk", kiosk)).text()).toContain("Hello, Lola Late!");
  });
});
