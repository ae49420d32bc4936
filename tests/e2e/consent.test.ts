import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright";
import { db } from "../../src/platform/db";
import { launchBrowser } from "../support/browser";
import {
  E2E_WEB_ENV,
  expectSignedOut,
  landingAfter,
  openContext,
  signedInPage,
  signIn,
} from "../support/browser-session";
import { type Centre, createCentre } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

let web: RunningProcess;
let browser: Browser;
let fixture: Centre;

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ timeZone: "Europe/London" }),
  ]);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** The young student tries to sign in from a fresh device; returns the page and the HTTP status. */
async function studentSignsIn(): Promise<{ page: Page; status: number; close(): Promise<void> }> {
  const context = await openContext(browser);
  const page = await context.newPage();
  const response = await signIn(page, web.url, fixture, fixture.youngStudent);
  return { page, status: response.status(), close: () => context.close() };
}

async function expectWaitingPage(attempt: { page: Page; status: number }): Promise<void> {
  expect(attempt.status).toBe(403);
  await attempt.page.getByRole("heading", { level: 1, name: "Waiting for your parent" }).waitFor();
  expect(await attempt.page.textContent("main")).toContain(fixture.youngStudent.name);
  expect(await attempt.page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
}

function childCard(page: Page) {
  return page.locator(`#child-${fixture.youngStudent.id}`);
}

/** Presses a consent button through htmx: the card is swapped in place, the page is not reloaded. */
async function pressInPlace(page: Page, button: string, expectedBadge: string): Promise<void> {
  await page.waitForFunction(() => "htmx" in globalThis);
  await page.evaluate(() => {
    (globalThis as unknown as { samePage: boolean }).samePage = true;
  });
  await childCard(page).getByRole("button", { name: button }).click();
  await childCard(page).locator(".badge", { hasText: expectedBadge }).waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { samePage?: boolean }).samePage)).toBe(true);
}

describe("COPPA consent for a student under 13", () => {
  test("blocked until a parent consents; withdrawal ends the session and blocks again", async () => {
    const first = await studentSignsIn();
    await expectWaitingPage(first);
    await first.close();

    const parent = await signedInPage(browser, web.url, fixture, fixture.people.parent);
    try {
      const card = childCard(parent.page);
      expect(await card.locator(".badge").textContent()).toBe("not yet given");
      const older = parent.page.locator(`#child-${fixture.people.student.id}`);
      expect(await older.textContent()).toContain("No consent needed");
      await pressInPlace(parent.page, "Give consent", "given");

      const student = await studentSignsIn();
      expect(new URL(student.page.url()).pathname).toBe("/home");
      await student.page.getByRole("heading", { level: 1, name: `Hello, ${fixture.youngStudent.name}` }).waitFor();

      // Withdrawing asks first, in a dialog that names the child; confirming reloads the page with a flash.
      await childCard(parent.page).getByRole("button", { name: "Withdraw consent" }).click();
      const dialog = parent.page.getByRole("dialog");
      expect(await dialog.getByRole("heading").textContent()).toContain(fixture.youngStudent.name);
      await landingAfter(parent.page, () => dialog.getByRole("button", { name: "Withdraw consent" }).click());
      expect(await parent.page.locator(".flash[role=status]").textContent()).toContain("withdrawn");
      await card.locator(".badge", { hasText: "withdrawn" }).waitFor();
      await card.getByRole("button", { name: "Give consent" }).waitFor();

      // The student's open session was revoked at once: their next page load asks them to sign in.
      await expectSignedOut(student.page, web.url, fixture.youngStudent.name);
      await student.close();

      await expectWaitingPage(await studentSignsIn());
    } finally {
      await parent.context.close();
    }

    const events = await db
      .selectFrom("consent_events")
      .select(["action", "parent_id", "method", "ip"])
      .where("centre_id", "=", fixture.id)
      .where("student_id", "=", fixture.youngStudent.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    expect(events.map((event) => event.action)).toEqual(["given", "withdrawn"]);
    for (const event of events) {
      expect(event).toMatchObject({ parent_id: fixture.people.parent.id, method: "parent_session" });
      expect(event.ip.length).toBeGreaterThan(0);
    }
  }, 30_000);

  test("the consent form works with JavaScript turned off", async () => {
    const context = await openContext(browser, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page, web.url, fixture, fixture.people.parent);
      expect(new URL(page.url()).pathname).toBe("/home");
      const landed = await landingAfter(page, () =>
        childCard(page).getByRole("button", { name: "Give consent" }).click(),
      );
      expect(new URL(landed.url()).pathname).toBe("/home");
      expect(await childCard(page).locator(".badge").textContent()).toBe("given");
    } finally {
      await context.close();
    }

    const student = await studentSignsIn();
    expect(new URL(student.page.url()).pathname).toBe("/home");
    await student.close();
  }, 20_000);
});
