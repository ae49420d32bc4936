import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { notify } from "../../src/modules/notifications/service";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, openContext } from "../support/browser-session";
import { type Centre, createCentre, signedInAs } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

let web: RunningProcess;
let browser: Browser;
let centre: Centre;

beforeAll(async () => {
  [web, browser, centre] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ label: "bell" }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe("htmx's SSE extension swaps live fragments into the page", () => {
  test("a notification appears in the list and on the bell without a reload", async () => {
    const student = centre.people.student;
    const { cookie } = await signedInAs(student);
    const [name, value] = cookie.split("=") as [string, string];
    const context = await openContext(browser);
    await context.addCookies([{ name, value, url: web.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(`${web.url}/notifications`);
    // The stream's first message fills the bell: the page is connected.
    await page.locator("#live-notification-count .visually-hidden").waitFor({ state: "attached" });

    const text = `Your homework “Fractions” was marked: 9/10 ${crypto.randomUUID().slice(0, 6)}`;
    await notify({ centreId: centre.id, userId: student.id }, { text, link: "/home" });
    await page.locator("#live-notifications li", { hasText: text }).waitFor({ timeout: 20_000 });
    expect(await page.locator("#live-notification-count .badge").textContent()).toContain("1");
    expect(await page.locator("#live-notification-unread").textContent()).toBe("1");
    expect(errors).toEqual([]);
    await context.close();
  });
});
