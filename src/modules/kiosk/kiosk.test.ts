import { beforeAll, describe, expect, test } from "bun:test";
import { confirmationTokenIn, send, sendConfirmed } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  type Kiosk,
  kioskCredentials,
  type Person,
  pairKiosk,
  scheduledClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { dayBounds, localDate } from "../../platform/calendar";
import { announceCentreChange, loadCentreContext } from "../../platform/centre-context";
import { hashPin } from "../../platform/crypto";
import { db } from "../../platform/db";
import { KIOSK_COOKIE } from "../../platform/http/authenticate";
import { csrfTokenFor } from "../../platform/http/csrf";
import { liveChannel } from "../../platform/live";
import { redisChannelOf } from "../../platform/live/channels";
import type { CentreContext } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { boardName } from "../gamification/present";
import { clearPinGuesses } from "../people/pin-guard";
import { PIN_GUESS_BUDGET } from "../people/pin-policy";
import { signBadge, signLegacyBadge, verifyBadge } from "./badge";
import { arrivalStatus, checkInWindow } from "./check-in";
import { checkInArrival } from "./service";
import { kioskStudentSecondsLeft } from "./student-session";

const app = createApp();
const PIN = "4321";
let centre: Centre;
let other: Centre;
let kiosk: Credentials;
let pairedKiosk: Kiosk;
let sessionId: string;
let pinStudent: Person & { code: string };

async function giveStudentPin(person: Person): Promise<Person & { code: string }> {
  const pin_hash = hashPin(PIN);
  const row = await db
    .updateTable("users")
    .set({ pin_hash })
    .where("id", "=", person.id)
    .returning("student_code")
    .executeTakeFirstOrThrow();
  return { ...person, code: row.student_code as string };
}

/** A session of the class that started two minutes ago (perhaps yesterday, just before midnight). */
async function openSessionNow(classId: string): Promise<string> {
  const now = Date.now();
  const startsAt = new Date(now - 120_000);
  const row = await db
    .insertInto("class_sessions")
    .values({ centre_id: centre.id, class_id: classId, starts_at: startsAt, ends_at: new Date(now + 3600_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await selectFromTenant(db, "audit_events", trustedCentreId(centre.id))
    .where("target_id", "=", targetId)
    .where("action", "like", "kiosk.badge%")
    .select("action")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.action);
}

function markOf(studentId: string) {
  return selectFromTenant(db, "attendance", trustedCentreId(centre.id))
    .where("session_id", "=", sessionId)
    .where("student_id", "=", studentId)
    .select(["status", "method"])
    .executeTakeFirst();
}

beforeAll(async () => {
  [centre, other] = await Promise.all([createCentre({ label: "kiosk" }), createCentre({ label: "kiosk-other" })]);
  pairedKiosk = await pairKiosk(centre);
  kiosk = await kioskCredentials(pairedKiosk);
  const second = await addPerson(centre, "student", { name: "Badge Holder" });
  const classId = await scheduledClass(centre, {
    name: "Kiosk maths",
    startsOn: new Date().toISOString().slice(0, 10),
    members: [centre.people.student, second, centre.youngStudent],
  });
  pinStudent = await giveStudentPin(centre.people.student);
  await giveStudentPin(centre.youngStudent);
  sessionId = await openSessionNow(classId);
});

describe("enrolling, pairing and revoking a kiosk", () => {
  test("an admin enrols a kiosk, the device pairs with the code once, and a revoked device is refused at once", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const enrolled = await send(app, "POST", "/kiosks", admin, { body: { name: "Front desk" } });
    expect(enrolled.status).toBe(201);
    const code = /class="pairing-code"><span aria-hidden="true">([A-Z0-9]{8})</.exec(await enrolled.text())?.[1];
    expect(code).toHaveLength(8);
    const listed = await (await send(app, "GET", "/kiosks", admin)).text();
    expect(listed).toContain("Front desk");
    expect(listed).toContain("Waiting for its code");

    const device = { cookie: "al_pre=abcdefghijklmnopqrstuvwx", csrfToken: "", label: "device" };
    device.csrfToken = csrfTokenFor({ kind: "anonymous", preSessionId: "abcdefghijklmnopqrstuvwx" });
    const wrong = await send(app, "POST", "/kiosk/pair", device, { body: { code: "ZZZZ-ZZZZ" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("not right, or it has expired");
    expect((await send(app, "POST", "/kiosk/pair", device, { body: { code: "x" } })).status).toBe(422);

    const paired = await send(app, "POST", "/kiosk/pair", device, { body: { code: code!.toLowerCase() } });
    expect(paired.status).toBe(303);
    expect(paired.headers.get("location")).toBe("/kiosk");
    const setCookie = paired.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(`${KIOSK_COOKIE}=`);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const token = new RegExp(`${KIOSK_COOKIE}=([^;]+)`).exec(setCookie)?.[1];
    const asDevice = { cookie: `${KIOSK_COOKIE}=${token}`, csrfToken: "", label: "paired" };
    const screen = await send(app, "GET", "/kiosk", asDevice);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain("Please check in");
    expect((await send(app, "POST", "/kiosk/pair", device, { body: { code: code! } })).status).toBe(401);

    const row = await selectFromTenant(db, "kiosk_devices", trustedCentreId(centre.id))
      .where("name", "=", "Front desk")
      .select("id")
      .executeTakeFirstOrThrow();
    const revoked = await sendConfirmed(app, `/kiosks/${row.id}/revoke`, admin);
    expect(revoked.status).toBe(303);
    expect((await send(app, "GET", "/kiosk", asDevice)).status).toBe(401);
    const actions = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", centre.id)
      .where("target_id", "=", row.id)
      .select("action")
      .orderBy("created_at")
      .execute();
    expect(actions.map((audit) => audit.action)).toEqual(["kiosk.enrol", "kiosk.revoke"]);
    // Another centre's admin cannot revoke this centre's kiosk.
    const foreign = await signedInAs(other.people.centre_admin);
    expect((await send(app, "POST", `/kiosks/${pairedKiosk.id}/revoke`, foreign)).status).toBe(404);
  });
});

describe("checking in at the kiosk", () => {
  test("code + PIN checks the student in to the open session, live on the register, and starts a short student screen", async () => {
    const subscriber = redis.duplicate();
    const received: string[] = [];
    await subscriber.subscribe(redisChannelOf(liveChannel.attendance(sessionId)));
    subscriber.on("message", (_channel, message) => received.push(message));
    try {
      const signedIn = await send(app, "POST", "/kiosk/sign-in", kiosk, {
        body: { mode: "pin", studentCode: pinStudent.code, pin: PIN },
      });
      expect(signedIn.status).toBe(303);
      expect(await markOf(pinStudent.id)).toEqual({ status: "present", method: "kiosk" });
      const event = await db
        .selectFrom("outbox_events")
        .where("centre_id", "=", centre.id)
        .where("type", "=", "attendance.checked_in")
        .select("payload")
        .executeTakeFirstOrThrow();
      expect(event.payload).toMatchObject({ sessionId, studentId: pinStudent.id, status: "present", method: "kiosk" });
      const welcome = await (await send(app, "GET", "/kiosk", kiosk)).text();
      expect(welcome).toContain(`Hello, ${pinStudent.name}!`);
      expect(welcome).toContain("Kiosk maths</strong>: you are checked in");
      expect(welcome).toMatch(/http-equiv="refresh" content="(60|61);url=\/kiosk"/);
      const left = await kioskStudentSecondsLeft(pairedKiosk.id);
      expect(left).toBeGreaterThan(50);
      expect(left).toBeLessThanOrEqual(60);
      for (let tries = 0; received.length === 0 && tries < 50; tries += 1) await Bun.sleep(20);
      expect(received[0]).toContain(`id=\\"attendance-${pinStudent.id}\\"`);
      expect(received[0]).toContain("#live-attendance-");

      const board = await (await send(app, "GET", "/kiosk/leaderboard", kiosk)).text();
      expect(board).toContain(boardName(pinStudent.name));
      expect(board).toContain('hx-sse:connect="/events/kiosk"');

      expect((await send(app, "POST", "/kiosk/sign-out", kiosk)).status).toBe(303);
      expect(await (await send(app, "GET", "/kiosk", kiosk)).text()).toContain("Please check in");
    } finally {
      await subscriber.quit();
    }
  });

  test("a class that began before midnight and still runs is open to check in to after midnight", async () => {
    const student = await addPerson(centre, "student", { name: "Night Owl" });
    const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student], name: "Evening maths" });
    const context = (await loadCentreContext(centre.id)) as CentreContext;
    // Tomorrow's midnight where the centre is: the class runs from twenty to until twenty past.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const midnight = dayBounds(localDate(tomorrow, context.timeZone), context.timeZone).from.getTime();
    const session = await db
      .insertInto("class_sessions")
      .values({
        centre_id: centre.id,
        class_id: classId,
        starts_at: new Date(midnight - 20 * 60_000),
        ends_at: new Date(midnight + 20 * 60_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const at = {
      kiosk: {
        kind: "kiosk" as const,
        kioskId: pairedKiosk.id,
        name: "Front desk",
        centreId: trustedCentreId(centre.id),
      },
      centre: context,
    };
    const request = { ip: "203.0.113.9", userAgent: null, requestId: "late-night" };
    const arrival = await checkInArrival(at, student, "kiosk", request, new Date(midnight + 10 * 60_000));
    expect(arrival.checkedIn).toEqual([{ className: "Evening maths", status: "late" }]);
    const mark = await selectFromTenant(db, "attendance", trustedCentreId(centre.id))
      .where("session_id", "=", session.id)
      .where("student_id", "=", student.id)
      .select("status")
      .executeTakeFirst();
    expect(mark).toEqual({ status: "late" });
    // Once it has ended there is nothing to check in to, whatever day it began.
    const after = await checkInArrival(at, student, "kiosk", request, new Date(midnight + 25 * 60_000));
    expect(after).toMatchObject({ checkedIn: [], later: [] });
  });

  test("a wrong PIN gets a clear message on the kiosk, and the student's PIN budget locks the PIN as on the sign-in page", async () => {
    const wrong = await send(app, "POST", "/kiosk/sign-in", kiosk, {
      body: { mode: "pin", studentCode: pinStudent.code, pin: "0000" },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("do not match an active student");
    let last = wrong;
    for (let attempt = 0; attempt < PIN_GUESS_BUDGET && last.status !== 423; attempt += 1)
      last = await send(app, "POST", "/kiosk/sign-in", kiosk, {
        body: { mode: "pin", studentCode: pinStudent.code, pin: "0000" },
      });
    expect(last.status).toBe(423);
    expect(await last.text()).toContain("PIN is locked after too many wrong tries");
    // Even the right PIN is refused until someone unlocks it.
    const right = await send(app, "POST", "/kiosk/sign-in", kiosk, {
      body: { mode: "pin", studentCode: pinStudent.code, pin: PIN },
    });
    expect(right.status).toBe(423);
    await db.transaction().execute((trx) => clearPinGuesses(trx, trustedCentreId(centre.id), pinStudent.id));
  });

  test("an under-13 without consent gets the waiting message and is not checked in", async () => {
    const code = (await giveStudentPin(centre.youngStudent)).code;
    const waiting = await send(app, "POST", "/kiosk/sign-in", kiosk, {
      body: { mode: "pin", studentCode: code, pin: PIN },
    });
    expect(waiting.status).toBe(403);
    expect(await waiting.text()).toContain("once a parent has given their consent");
    expect(await markOf(centre.youngStudent.id)).toBeUndefined();
  });

  test("a scanned badge checks its student in as a QR check-in; an altered or foreign badge is refused", async () => {
    const holder = await selectFromTenant(db, "users", trustedCentreId(centre.id))
      .where("name", "=", "Badge Holder")
      .select("id")
      .executeTakeFirstOrThrow();
    const token = signBadge(holder.id, 0);
    expect(verifyBadge(` ${token}\n`)).toEqual({ studentId: holder.id, version: 0 });
    const altered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    expect(verifyBadge(altered)).toBeNull();
    const refused = await send(app, "POST", "/kiosk/sign-in", kiosk, { body: { mode: "badge", badge: altered } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("badge was not recognised");
    const foreign = signBadge(other.people.student.id, 0);
    expect((await send(app, "POST", "/kiosk/sign-in", kiosk, { body: { mode: "badge", badge: foreign } })).status).toBe(
      401,
    );

    const scanned = await send(app, "POST", "/kiosk/sign-in", kiosk, { body: { mode: "badge", badge: token } });
    expect(scanned.status).toBe(303);
    expect(await markOf(holder.id)).toEqual({ status: "present", method: "qr" });
  });

  test("staff print a badge by student code or id; another centre's student is not found", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const byCode = await send(app, "GET", "/kiosks/badges", admin, { query: `code=${pinStudent.code}` });
    expect(byCode.status).toBe(200);
    const html = await byCode.text();
    expect(html).toContain("<svg");
    expect(html).toContain(pinStudent.name);
    expect((await send(app, "GET", `/kiosks/badges/${pinStudent.id}`, admin)).status).toBe(200);
    expect((await send(app, "GET", `/kiosks/badges/${other.people.student.id}`, admin)).status).toBe(404);
    expect((await send(app, "GET", "/kiosks/badges", admin, { query: "code=NOPE" })).status).toBe(404);
  });

  test("printing a new badge revokes the old one, an admin can cancel one badge, and both are refused clearly", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    const tutor = await signedInAs(centre.people.tutor);
    const holder = (await addPerson(centre, "student", { name: "Reprint Holder" })).id;
    const bystander = (await addPerson(centre, "student", { name: "Bystander" })).id;
    const scan = (badge: string) => send(app, "POST", "/kiosk/sign-in", kiosk, { body: { mode: "badge", badge } });
    // A card printed before badges had versions keeps working until the first reprint.
    const legacy = signLegacyBadge(holder);
    expect(verifyBadge(legacy)).toEqual({ studentId: holder, version: 0 });
    expect((await scan(legacy)).status).toBe(303);

    expect((await send(app, "POST", `/kiosks/badges/${holder}/reissue`, tutor)).status).toBe(403);
    const reissued = await send(app, "POST", `/kiosks/badges/${holder}/reissue`, admin);
    expect(reissued.status).toBe(303);
    expect(reissued.headers.get("location")).toBe(`/kiosks/badges/${holder}?done=reissued`);
    const page = await (await send(app, "GET", `/kiosks/badges/${holder}`, admin, { query: "done=reissued" })).text();
    expect(page).toContain('data-badge-version="1"');
    const old = await scan(legacy);
    expect(old.status).toBe(403);
    expect(await old.text()).toContain("This badge has been replaced or cancelled");
    expect((await scan(signBadge(holder, 1))).status).toBe(303);

    // Cancelling asks first (a page with the button), then refuses the current card too.
    const confirm = await (await send(app, "GET", `/kiosks/badges/${holder}/revoke`, admin)).text();
    expect(confirm).toContain(`action="/kiosks/badges/${holder}/revoke"`);
    const token = confirmationTokenIn(confirm) ?? "";
    const body = { confirm: token };
    expect((await send(app, "POST", `/kiosks/badges/${holder}/revoke`, admin, { body })).status).toBe(303);
    const cancelled = await scan(signBadge(holder, 1));
    expect(cancelled.status).toBe(403);
    expect(await cancelled.text()).toContain("replaced or cancelled");
    expect(await (await send(app, "GET", `/kiosks/badges/${holder}`, admin)).text()).toContain(
      'data-badge-state="revoked"',
    );
    // Other students' badges are untouched; another centre's student cannot be touched at all.
    expect((await scan(signLegacyBadge(bystander))).status).toBe(303);
    expect((await send(app, "POST", `/kiosks/badges/${other.people.student.id}/revoke`, admin)).status).toBe(404);
    expect(await auditActions(holder)).toEqual(["kiosk.badge_reissue", "kiosk.badge_revoke"]);
  });

  test("people cannot use the kiosk screen, and a kiosk cannot use staff pages", async () => {
    const student = await signedInAs(centre.people.student);
    expect((await send(app, "GET", "/kiosk", student)).status).toBe(403);
    expect((await send(app, "GET", "/kiosks", kiosk)).status).toBe(403);
    expect((await send(app, "GET", "/home", kiosk)).status).toBe(403);
  });
});

describe("the full-screen board", () => {
  test("with gamification on it shows the centre's leaderboards above today's check-ins; off, it says so", async () => {
    const off = await (await send(app, "GET", "/kiosk/leaderboard", kiosk)).text();
    expect(off).toContain("leaderboards switched off");
    await db
      .updateTable("centres")
      .set({ feature_flags: { gamification: true } })
      .where("id", "=", centre.id)
      .execute();
    await announceCentreChange(centre.id);
    try {
      const on = await (await send(app, "GET", "/kiosk/leaderboard", kiosk)).text();
      expect(on).toContain('id="live-leaderboard-centre-week"');
      expect(on).toContain("This week");
      expect(on).toContain('id="live-kiosk-board"');
      const staff = await send(app, "GET", "/kiosk/leaderboard", await signedInAs(centre.people.tutor));
      expect(await staff.text()).toContain(
        `hx-sse:connect="/events/live?topic=arrivals%3A${centre.id}&amp;topic=leaderboard%3A${centre.id}"`,
      );
    } finally {
      await db.updateTable("centres").set({ feature_flags: {} }).where("id", "=", centre.id).execute();
      await announceCentreChange(centre.id);
    }
  });
});

describe("check-in rules", () => {
  const startsAt = new Date("2026-03-03T16:00:00Z");
  const session = { startsAt, endsAt: new Date("2026-03-03T17:00:00Z"), sessionStatus: "scheduled" as const };
  const at = (time: string) => new Date(`2026-03-03T${time}:00Z`);

  test("a session opens an hour before it starts and closes when it ends; after ten minutes arrivals are late", () => {
    expect(checkInWindow(session, at("14:59"))).toBe("later");
    expect(checkInWindow(session, at("15:00"))).toBe("open");
    expect(checkInWindow(session, at("16:59"))).toBe("open");
    expect(checkInWindow(session, at("17:00"))).toBe("over");
    expect(checkInWindow({ ...session, sessionStatus: "cancelled" }, at("16:00"))).toBe("cancelled");
    expect(arrivalStatus(startsAt, at("16:10"))).toBe("present");
    expect(arrivalStatus(startsAt, at("16:11"))).toBe("late");
  });
});
