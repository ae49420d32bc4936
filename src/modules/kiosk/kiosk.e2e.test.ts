import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { launchBrowser } from "../../../tests/support/browser";
import { E2E_WEB_ENV, landingAfter, openContext, signedInPage } from "../../../tests/support/browser-session";
import { type Centre, createCentre, scheduledClass } from "../../../tests/support/fixtures";
import { type RunningProcess, startWebServer } from "../../../tests/support/processes";
import { db } from "../../platform/db";

let web: RunningProcess;
let browser: Browser;
let fixture: Centre;
let sessionId: string;

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ timeZone: "Europe/London" }),
  ]);
  const centreId = fixture.id;
  const classId = await scheduledClass(fixture, {
    name: "Kiosk register class",
    weekday: 1,
    startTime: "09:00",
    room: "Room 3",
    startsOn: "2026-01-05",
    members: [fixture.people.student],
  });
  // A session running now, so the arrival is checked in to it.
  const now = Date.now();
  const session = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centreId,
      class_id: classId,
      starts_at: new Date(now - 60_000),
      ends_at: new Date(now + 3_600_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  sessionId = session.id;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe("kiosk check-in reaches the tutor's register live", () => {
  test("an admin enrols a kiosk, the device pairs, a student checks in with code + PIN, the tutor's open register shows present", async () => {
    const { context: adminContext, page: adminPage } = await signedInPage(
      browser,
      web.url,
      fixture,
      fixture.people.centre_admin,
    );
    await adminPage.goto(`${web.url}/kiosks`);
    await adminPage.getByLabel("Kiosk name").fill("Lobby tablet");
    await landingAfter(adminPage, () =>
      adminPage.getByRole("button", { name: "Enrol and show its pairing code" }).click(),
    );
    const code = (await adminPage.locator(".pairing-code span[aria-hidden]").textContent()) ?? "";
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await adminContext.close();

    const device = await openContext(browser);
    const kiosk = await device.newPage();
    await kiosk.goto(`${web.url}/kiosk/pair`);
    await kiosk.getByLabel("Pairing code").fill(code.toLowerCase());
    await landingAfter(kiosk, () => kiosk.getByRole("button", { name: "Pair this kiosk" }).click());
    expect(new URL(kiosk.url()).pathname).toBe("/kiosk");
    await kiosk.getByRole("heading", { name: "Welcome! Please check in" }).waitFor();

    const { context: tutorContext, page: register } = await signedInPage(
      browser,
      web.url,
      fixture,
      fixture.people.tutor,
    );
    await register.goto(`${web.url}/timetable/sessions/${sessionId}`);
    // The stream's first message fills the bell: the register is connected before the check-in.
    await register.locator("#live-notification-count .visually-hidden").waitFor({ state: "attached" });
    await register.evaluate(() => {
      (globalThis as unknown as { samePage: boolean }).samePage = true;
    });
    const row = register.locator(`#attendance-${fixture.people.student.id}`);
    expect(await row.getByLabel("Present").isChecked()).toBe(false);

    await kiosk.getByLabel("Student code").fill(fixture.people.student.studentCode);
    await kiosk.getByLabel("PIN").fill(fixture.people.student.pin);
    await landingAfter(kiosk, () => kiosk.getByRole("button", { name: "Check in", exact: true }).click());
    await kiosk.getByRole("heading", { name: `Hello, ${fixture.people.student.name}!` }).waitFor();
    expect(await kiosk.getByText("you are checked in").count()).toBe(1);

    await row.locator('input[value="present"]:checked').waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("(kiosk)");
    expect(await register.evaluate(() => (globalThis as unknown as { samePage?: boolean }).samePage)).toBe(true);

    await landingAfter(kiosk, () => kiosk.getByRole("button", { name: "Done" }).click());
    await kiosk.getByRole("heading", { name: "Welcome! Please check in" }).waitFor();
    await tutorContext.close();
    await device.close();
  }, 30_000);
});
