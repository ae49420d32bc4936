import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { createApp } from "../../src/app";
import {
  FIRST_LOCK_SECONDS,
  LONGEST_LOCK_SECONDS,
  lockedForSeconds,
  recordFailure,
} from "../../src/modules/auth/lockout";
import { addMember, createClass } from "../../src/modules/classes/service";
import { signBadge } from "../../src/modules/kiosk/badge";
import { pinClock } from "../../src/modules/people/pin-guard";
import {
  PIN_GUESS_BUDGET,
  PIN_GUESS_LIFETIME_BUDGET,
  PIN_GUESS_WINDOW_HOURS,
} from "../../src/modules/people/pin-policy";
import { db } from "../../src/platform/db";
import { requestMeta } from "../../src/platform/http/request-context";
import { redis } from "../../src/platform/redis";
import { selectFromTenant, trustedCentreId } from "../../src/platform/tenancy";
import { eventHandlers } from "../../src/registry";
import {
  actorFor,
  addPerson,
  type Centre,
  classInput,
  createCentre,
  createCourse,
  kioskCredentials,
  pairKiosk,
  signedInAs,
} from "../support/fixtures";
import { csrfTokenIn } from "../support/session";
import { send } from "./walk";

/**
 * Acceptance 1 of issue 10: one student's PIN guessed from many addresses, by the sign-in page
 * and the kiosk, across simulated days (the PIN budget's injected clock). The attacker gets at
 * most the documented number of guesses; the lock holds until someone who looks after the
 * student lifts it; the badge still works; staff lockouts stay bounded.
 */
const app = createApp();
const RIGHT_PIN = "739164";
const HOUR = 3600_000;
let centre: Centre;
let kiosk: Awaited<ReturnType<typeof kioskCredentials>>;
let addressCounter = 0;
let simulated = Date.parse("2026-01-05T08:00:00Z");

// Each reading moves the simulated clock on by a millisecond, as real time would.
pinClock.now = () => new Date(++simulated);
afterEach(() => {
  simulated += 1000;
});
afterAll(() => {
  pinClock.now = () => new Date();
});

/** A different documentation address (198.18.0.0/15) per guess, as nginx would pass it on. */
function nextAddress(): string {
  addressCounter += 1;
  return `198.${18 + ((addressCounter >> 16) & 1)}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

/** The request as nginx hands it on: from loopback, the client's address in X-Real-IP. */
function viaProxy(request: Request): Request {
  requestMeta(request, "127.0.0.1");
  return request;
}

/** One guess on the sign-in page from a fresh address: the status the attacker sees. */
async function guessOnSignIn(code: string, pin: string): Promise<number> {
  const ip = nextAddress();
  const headers = { "x-real-ip": ip };
  const form = await app.handle(viaProxy(new Request(`http://localhost/c/${centre.slug}`, { headers })));
  const cookie = form.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const body = new URLSearchParams({
    _csrf: csrfTokenIn(await form.text()),
    mode: "student",
    centre: centre.slug,
    studentCode: code,
    pin,
  });
  const request = new Request("http://localhost/sign-in", {
    method: "POST",
    body,
    headers: { ...headers, cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
  });
  return (await app.handle(viaProxy(request))).status;
}

async function guessOnKiosk(code: string, pin: string): Promise<number> {
  const body = new URLSearchParams({ _csrf: kiosk.csrfToken, mode: "pin", studentCode: code, pin });
  const request = new Request("http://localhost/kiosk/sign-in", {
    method: "POST",
    body,
    headers: {
      "x-real-ip": nextAddress(),
      cookie: kiosk.cookie,
      origin: "http://localhost",
      "content-type": "application/x-www-form-urlencoded",
    },
  });
  return (await app.handle(viaProxy(request))).status;
}

/** Wrong PINs an attacker would try: all different, none the right one. */
function wrongPin(n: number): string {
  return String(100_000 + n * 7919).slice(-6);
}

beforeAll(async () => {
  centre = await createCentre({ label: "pinbf" });
  kiosk = await kioskCredentials(await pairKiosk(centre));
});

describe("a student's PIN cannot be brute-forced", () => {
  test("from many addresses, by sign-in page and kiosk, over 48 simulated hours: at most the budget", async () => {
    const student = await addPerson(centre, "student", { name: "Target", pin: RIGHT_PIN });
    const statuses: number[] = [];
    let rightPinTried = false;
    for (let hour = 0; hour < 48; hour++) {
      simulated += HOUR;
      for (let attempt = 0; attempt < 6; attempt++) {
        const n = hour * 6 + attempt;
        // Half-way through, the attacker hits the right PIN: by then it must not matter.
        const pin = hour === 30 && attempt === 0 ? RIGHT_PIN : wrongPin(n);
        if (pin === RIGHT_PIN) rightPinTried = true;
        statuses.push(await (n % 2 === 0 ? guessOnSignIn : guessOnKiosk)(student.studentCode, pin));
      }
    }
    expect(rightPinTried).toBe(true);
    const judged = statuses.filter((status) => status === 401).length;
    expect(judged).toBe(PIN_GUESS_BUDGET);
    expect(statuses.filter((status) => status === 423).length).toBe(statuses.length - PIN_GUESS_BUDGET);
    expect(statuses).not.toContain(303);
    const guesses = await selectFromTenant(db, "student_pin_guesses", trustedCentreId(centre.id))
      .where("student_id", "=", student.id)
      .select(["path", "outcome"])
      .execute();
    expect(guesses).toHaveLength(PIN_GUESS_BUDGET);
    expect(new Set(guesses.map((row) => row.path))).toEqual(new Set(["sign_in", "kiosk"]));
  }, 120_000);

  test("guesses fired all at once cannot overrun the budget", async () => {
    const student = await addPerson(centre, "student", { name: "Burst", pin: RIGHT_PIN });
    const statuses = await Promise.all(
      Array.from({ length: 3 * PIN_GUESS_BUDGET }, (_, n) => guessOnKiosk(student.studentCode, wrongPin(n))),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(PIN_GUESS_BUDGET);
    expect(statuses.filter((status) => status === 423)).toHaveLength(2 * PIN_GUESS_BUDGET);
  }, 60_000);

  test("guesses paced under the daily budget are still stopped by the account-life budget", async () => {
    const student = await addPerson(centre, "student", { name: "Paced", pin: RIGHT_PIN });
    const judgedAt: number[] = [];
    for (let day = 0; day < 4; day++) {
      for (let attempt = 0; attempt < PIN_GUESS_BUDGET - 1; attempt++) {
        simulated += HOUR;
        const status = await guessOnSignIn(student.studentCode, wrongPin(1000 + day * 20 + attempt));
        if (status === 401) judgedAt.push(simulated);
        else expect(status).toBe(423);
      }
      // A full window's pause: none of this batch's guesses count towards the next day's budget.
      simulated += PIN_GUESS_WINDOW_HOURS * HOUR;
    }
    expect(judgedAt).toHaveLength(PIN_GUESS_LIFETIME_BUDGET);
    // And no rolling window ever held more than the daily budget.
    for (const at of judgedAt) {
      const inWindow = judgedAt.filter((other) => other > at - PIN_GUESS_WINDOW_HOURS * HOUR && other <= at);
      expect(inWindow.length).toBeLessThanOrEqual(PIN_GUESS_BUDGET);
    }
    // The first 48 hours alone gave at most twice the daily budget less one each day.
    expect(judgedAt.filter((at) => at < judgedAt[0]! + 48 * HOUR).length).toBeLessThanOrEqual(
      PIN_GUESS_LIFETIME_BUDGET,
    );
  }, 120_000);

  test("a correct PIN does not reset the daily budget, so the student's own sign-ins give an attacker nothing", async () => {
    const student = await addPerson(centre, "student", { name: "Interleaved", pin: RIGHT_PIN });
    let judged = 0;
    for (let n = 0; n < 3 * PIN_GUESS_BUDGET; n++) {
      if (n % 3 === 0) await guessOnSignIn(student.studentCode, RIGHT_PIN);
      if ((await guessOnKiosk(student.studentCode, wrongPin(2000 + n))) === 401) judged += 1;
    }
    expect(judged).toBe(PIN_GUESS_BUDGET);
  }, 60_000);

  test("the lock tells the student's tutor and parents, keeps the badge working, and only those who look after the student can lift it", async () => {
    const student = await addPerson(centre, "student", { name: "Locked", pin: RIGHT_PIN });
    const centreId = trustedCentreId(centre.id);
    const courseId = await createCourse(centre);
    const classId = await createClass(
      await actorFor(centre.people.centre_admin),
      classInput(courseId, centre.people.tutor.id, { name: `Lock class ${student.studentCode}` }),
    );
    await addMember(await actorFor(centre.people.centre_admin), classId, student.id);
    await db
      .insertInto("guardianships")
      .values({ centre_id: centre.id, parent_id: centre.people.parent.id, student_id: student.id })
      .execute();
    for (let n = 0; n < PIN_GUESS_BUDGET; n++) await guessOnKiosk(student.studentCode, wrongPin(3000 + n));
    expect(await guessOnSignIn(student.studentCode, RIGHT_PIN)).toBe(423);

    // Told through the outbox: run the event's job as the worker would.
    const event = await selectFromTenant(db, "outbox_events", centreId)
      .where("type", "=", "student.pin_locked")
      .where(sql<string>`payload->>'studentId'`, "=", student.id)
      .select(["id", "type", "payload", "created_at"])
      .executeTakeFirstOrThrow();
    await eventHandlers().process({
      data: {
        eventId: String(event.id),
        type: "student.pin_locked",
        centreId: centre.id as string,
        payload: event.payload,
        createdAt: event.created_at.toISOString(),
      },
    } as Parameters<ReturnType<typeof eventHandlers>["process"]>[0]);
    for (const who of [centre.people.tutor, centre.people.parent]) {
      const notes = await selectFromTenant(db, "notifications", centreId)
        .where("user_id", "=", who.id)
        .where("link", "=", `/students/${student.id}/pin`)
        .select("text")
        .execute();
      expect(notes.map((note) => note.text).join()).toContain("PIN is locked");
    }

    // The badge still checks the student in: the lock is not a denial of service.
    const scanned = await send(app, "POST", "/kiosk/sign-in", kiosk, {
      body: { mode: "badge", badge: signBadge(student.id, 0) },
    });
    expect(scanned.status).toBe(303);

    // Someone else's parent, and a tutor who does not teach the student, are refused.
    const otherParent = await addPerson(centre, "parent", { name: "Other parent" });
    const otherTutor = await addPerson(centre, "tutor", { name: "Other tutor" });
    for (const who of [otherParent, otherTutor]) {
      const credentials = await signedInAs(who);
      expect((await send(app, "POST", `/students/${student.id}/pin/unlock`, credentials)).status).toBe(404);
      expect((await send(app, "GET", `/students/${student.id}/pin`, credentials)).status).toBe(404);
    }
    const parent = await signedInAs(centre.people.parent);
    const page = await (await send(app, "GET", `/students/${student.id}/pin`, parent)).text();
    expect(page).toContain('data-pin-state="locked"');
    const unlocked = await send(app, "POST", `/students/${student.id}/pin/unlock`, parent);
    expect(unlocked.status).toBe(303);
    expect(unlocked.headers.get("location")).toBe(`/students/${student.id}/pin?done=unlocked`);
    expect(await guessOnSignIn(student.studentCode, RIGHT_PIN)).toBe(303);
    const audit = await selectFromTenant(db, "audit_events", centreId)
      .where("target_id", "=", student.id)
      .where("action", "in", ["auth.pin_locked", "auth.pin_unlock"])
      .select(["action", "actor_id"])
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "auth.pin_locked", actor_id: null },
      { action: "auth.pin_unlock", actor_id: centre.people.parent.id },
    ]);
  }, 60_000);

  test("an admin unlocks from the person page; the lock survives losing Redis", async () => {
    const student = await addPerson(centre, "student", { name: "Admin unlock", pin: RIGHT_PIN });
    for (let n = 0; n < PIN_GUESS_BUDGET; n++) await guessOnSignIn(student.studentCode, wrongPin(4000 + n));
    // Redis holds no part of the lock: flushing the sign-in keys changes nothing.
    const keys = await redis.keys(`aetherlearn:signin-*:student:${centre.id}:*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await guessOnKiosk(student.studentCode, RIGHT_PIN)).toBe(423);
    simulated += 7 * 24 * HOUR;
    expect(await guessOnKiosk(student.studentCode, RIGHT_PIN)).toBe(423);

    const admin = await signedInAs(centre.people.centre_admin);
    const person = await (await send(app, "GET", `/people/${student.id}`, admin)).text();
    expect(person).toContain('data-pin-state="locked"');
    expect(person).toContain(`action="/students/${student.id}/pin/unlock"`);
    expect((await send(app, "POST", `/students/${student.id}/pin/unlock`, admin)).status).toBe(303);
    expect(await guessOnKiosk(student.studentCode, RIGHT_PIN)).toBe(303);
  }, 60_000);

  test("staff sign-in locks never last longer than the documented time, however many failures", async () => {
    const account = `email:test:${crypto.randomUUID()}`;
    let longest = 0;
    for (let n = 0; n < 40; n++) longest = Math.max(longest, await recordFailure(redis, account));
    expect(longest).toBe(LONGEST_LOCK_SECONDS);
    expect(await lockedForSeconds(redis, account)).toBeLessThanOrEqual(LONGEST_LOCK_SECONDS);
    expect(FIRST_LOCK_SECONDS).toBeLessThan(LONGEST_LOCK_SECONDS);
  });
});
