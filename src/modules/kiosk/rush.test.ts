import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  addPerson,
  anonymousCredentials,
  type Centre,
  type Credentials,
  createCentre,
  FIXTURE_PIN,
  kioskCredentials,
  pairKiosk,
  type StudentPerson,
  scheduledClass,
} from "../../../tests/support/fixtures";
import { type RunningProcess, startWebServer } from "../../../tests/support/processes";
import { db } from "../../platform/db";
import { redis } from "../../platform/redis";
import { PIN_GUESS_BUDGET } from "../people/pin-policy";
import { signBadge } from "./badge";

/**
 * Issue 16, acceptance 1 and 2: a real web process with the real limits, every request from one
 * centre address as nginx (the loopback proxy) passes it on. A class arriving at once checks in
 * at one kiosk while a tutor signs in beside it; guessing PINs stops per student and per device;
 * a forged X-Forwarded-For from an address that is not a trusted proxy changes nothing.
 */
const REAL_LIMITS = {
  RATE_LIMIT_SIGN_IN_PER_MINUTE: "20",
  RATE_LIMIT_REQUESTS_PER_MINUTE: "100",
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: "10",
  RATE_LIMIT_KIOSK_PER_MINUTE: "600",
  RATE_LIMIT_KIOSK_WRONG_PINS_PER_HOUR: "30",
  RATE_LIMIT_KIOSK_PAIRING_PER_MINUTE: "10",
};
const CLASS_SIZE = 120;
const WRONG_PINS_PER_DEVICE = Number(REAL_LIMITS.RATE_LIMIT_KIOSK_WRONG_PINS_PER_HOUR);

let web: RunningProcess;
let untrusting: RunningProcess;
let centre: Centre;
let students: StudentPerson[];
let sessionId: string;

/** One centre's public address per test, as the tunnel reports it. */
function centreAddress(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

function post(server: RunningProcess, path: string, who: Credentials, fields: Record<string, string>, headers = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: who.cookie,
      origin: server.url,
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams({ _csrf: who.csrfToken, ...fields }),
  });
}

const pictureSignIn = (kiosk: Credentials, student: StudentPerson, ip: string, pin = FIXTURE_PIN) =>
  post(web, "/kiosk/sign-in", kiosk, { mode: "picture", studentId: student.id, pin }, { "x-real-ip": ip });

/** Runs the tasks `width` at a time, keeping their order. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  });
  await Promise.all(lanes);
  return results;
}

beforeAll(async () => {
  [web, untrusting, centre] = await Promise.all([
    startWebServer(REAL_LIMITS, 60_000),
    // No proxy trusted: loopback is an outsider here, and its headers must count for nothing.
    startWebServer({ ...REAL_LIMITS, TRUSTED_PROXIES: "" }, 60_000),
    createCentre({ label: "rush" }),
  ]);
  students = await inParallel(
    Array.from({ length: CLASS_SIZE }, (_, index) => () => addPerson(centre, "student", { name: `Rush ${index}` })),
    8,
  );
  const classId = await scheduledClass(centre, { name: "Four o'clock maths" });
  await db
    .insertInto("class_members")
    .values(students.map((student) => ({ centre_id: centre.id, class_id: classId, student_id: student.id })))
    .execute();
  const now = Date.now();
  const session = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: classId,
      starts_at: new Date(now - 60_000),
      ends_at: new Date(now + 3_600_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  sessionId = session.id;
}, 90_000);

afterAll(async () => {
  await Promise.all([web?.stop(), untrusting?.stop()]);
});

describe("the 4 pm rush at one kiosk", () => {
  test(`${CLASS_SIZE} children check in at one kiosk from one address, and a tutor signs in beside them`, async () => {
    const ip = centreAddress();
    const kiosk = await kioskCredentials(await pairKiosk(centre));
    const started = performance.now();
    const tutor = centre.people.tutor;
    const [statuses, tutorSignIn] = await Promise.all([
      inParallel(
        students.map((student) => async () => (await pictureSignIn(kiosk, student, ip)).status),
        6,
      ),
      (async () => {
        await Bun.sleep(300);
        const fields = { mode: "password", centre: centre.slug, email: tutor.email, password: tutor.password };
        return post(web, "/sign-in", anonymousCredentials(), fields, { "x-real-ip": ip });
      })(),
    ]);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${CLASS_SIZE} kiosk check-ins from one address in ${seconds.toFixed(1)} s`);
    expect(statuses.filter((status) => status !== 303)).toEqual([]);
    expect(seconds).toBeLessThan(180);
    expect(tutorSignIn.status).toBe(303);
    expect(tutorSignIn.headers.get("location")).not.toContain("sign-in");
    const marked = await db
      .selectFrom("attendance")
      .where("centre_id", "=", centre.id)
      .where("session_id", "=", sessionId)
      .where("status", "in", ["present", "late"])
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    expect(Number(marked.count)).toBe(CLASS_SIZE);
  }, 170_000);

  test("the kiosk's check-ins never touch the address's sign-in budget: 20 staff sign-ins still fit", async () => {
    const ip = centreAddress();
    const kiosk = await kioskCredentials(await pairKiosk(centre));
    for (const student of students.slice(0, 30)) expect((await pictureSignIn(kiosk, student, ip)).status).toBe(303);
    const attempts: number[] = [];
    for (let attempt = 0; attempt <= 20; attempt++) {
      const visitor = anonymousCredentials();
      const email = `nobody-${crypto.randomUUID()}@example.test`;
      const fields = { mode: "password", centre: centre.slug, email, password: "wrong" };
      attempts.push((await post(web, "/sign-in", visitor, fields, { "x-real-ip": ip })).status);
    }
    expect(attempts.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(attempts[20]).toBe(429);
  }, 60_000);

  test("staff sign-in is limited per account too, whatever the address: the 11th in a minute waits", async () => {
    const { email, password } = centre.people.head_tutor;
    const fields = { mode: "password", centre: centre.slug, email, password };
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= 10; attempt++) {
      statuses.push(
        (await post(web, "/sign-in", anonymousCredentials(), fields, { "x-real-ip": centreAddress() })).status,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
    expect(statuses[10]).toBe(429);
  }, 60_000);
});

describe("guessing PINs at a kiosk", () => {
  test(`one student's PIN: refused after ${PIN_GUESS_BUDGET} wrong guesses, with the right PIN too`, async () => {
    const kiosk = await kioskCredentials(await pairKiosk(centre));
    const target = await addPerson(centre, "student", { name: "Guessed Child" });
    const ip = centreAddress();
    const statuses: number[] = [];
    for (let guess = 0; guess < PIN_GUESS_BUDGET; guess++) {
      statuses.push((await pictureSignIn(kiosk, target, ip, String(100000 + guess))).status);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    const locked = await pictureSignIn(kiosk, target, ip);
    expect(locked.status).toBe(423);
    expect(await locked.text()).toContain("PIN is locked");
  }, 60_000);

  test(`many students' PINs from one kiosk: the device stops after ${WRONG_PINS_PER_DEVICE} wrong PINs an hour`, async () => {
    const kiosk = await kioskCredentials(await pairKiosk(centre));
    const ip = centreAddress();
    const victims = students.slice(0, WRONG_PINS_PER_DEVICE + 1);
    const statuses: number[] = [];
    for (const victim of victims) statuses.push((await pictureSignIn(kiosk, victim, ip, "999111")).status);
    expect(statuses.slice(0, WRONG_PINS_PER_DEVICE).every((status) => status === 401)).toBe(true);
    const stopped = await pictureSignIn(kiosk, students[WRONG_PINS_PER_DEVICE + 1] as StudentPerson, ip, "999111");
    expect(stopped.status).toBe(429);
    expect(await stopped.text()).toContain("Too many wrong PINs on this kiosk");
    // A badge still works there, and another kiosk at the same address keeps its own budget.
    const badge = signBadge((students[40] as StudentPerson).id, 0);
    expect((await post(web, "/kiosk/sign-in", kiosk, { mode: "badge", badge }, { "x-real-ip": ip })).status).toBe(303);
    const other = await kioskCredentials(await pairKiosk(centre));
    expect((await pictureSignIn(other, students[50] as StudentPerson, ip, "999111")).status).toBe(401);
  }, 60_000);

  test("a forged X-Forwarded-For or X-Real-IP from an address that is not a trusted proxy changes nothing", async () => {
    await redis.del("aetherlearn:rate:sign-in:ip:127.0.0.1");
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= 20; attempt++) {
      const forged = { "x-forwarded-for": centreAddress(), "x-real-ip": centreAddress() };
      const email = `nobody-${crypto.randomUUID()}@example.test`;
      const fields = { mode: "password", centre: centre.slug, email, password: "wrong" };
      statuses.push((await post(untrusting, "/sign-in", anonymousCredentials(), fields, forged)).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    await redis.del("aetherlearn:rate:sign-in:ip:127.0.0.1");
  }, 60_000);
});
