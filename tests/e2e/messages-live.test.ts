import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter, openContext } from "../support/browser-session";
import { type Centre, classWith, createCentre, messageThread, type Person, signedInAs } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Acceptance 5, messages half, in Chromium: a parent and their child's tutor on two devices with
 * the same thread open. What one writes appears on the other's page without a reload, over the
 * live stream; when the thread is closed, the other side's reply form goes away, live too.
 */

let web: RunningProcess;
let browser: Browser;
let centre: Centre;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // One after the other: on a loaded machine, Chromium starting beside the web process can keep it from listening in time.
  web = await startWebServer(E2E_WEB_ENV);
  [browser, centre] = await Promise.all([launchBrowser(), createCentre({ label: "messages-live" })]);
  await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student] });
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await web?.stop();
});

interface Side {
  page: Page;
  errors: string[];
}

/** One person's browser on the thread's page, once its live stream is connected. */
async function openThread(person: Person, threadId: string): Promise<Side> {
  const { cookie } = await signedInAs(person);
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  const context = await openContext(browser);
  contexts.push(context);
  await context.addCookies([{ name, value, url: web.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`${web.url}/messages/${threadId}`);
  // The stream's first message fills the bell: the page is connected, with the thread's topic.
  await page.locator("#live-notification-count .visually-hidden").waitFor({ state: "attached", timeout: 20_000 });
  await markStay(page);
  return { page, errors };
}

/** A mark on the page's window that a reload would wipe. */
const markStay = (page: Page) => page.evaluate("window.stayed = true");
const stayed = (side: Side) => side.page.evaluate("window.stayed === true");

describe("a message thread, live on both sides", () => {
  test("a parent's reply appears on the tutor's page, the tutor's on the parent's; closing stops replies", async () => {
    const { threadId } = await messageThread(centre, { subject: "Spelling test", body: "When is the test?" });
    const parent = await openThread(centre.people.parent, threadId);
    const tutor = await openThread(centre.people.tutor, threadId);

    // The parent writes: their page reloads on the post (post/redirect/get); the tutor's does not.
    const fromParent = `Is it on Friday? ${crypto.randomUUID().slice(0, 8)}`;
    await parent.page.locator("#field-body").fill(fromParent);
    await landingAfter(parent.page, () => parent.page.getByRole("button", { name: "Send reply" }).click());
    await tutor.page.locator("#live-thread-messages li", { hasText: fromParent }).waitFor({ timeout: 10_000 });
    expect(await stayed(tutor)).toBe(true);
    // Fetched in the tutor's own view: the parent's name, not "own".
    expect(await tutor.page.locator("#live-thread-messages li.message", { hasText: fromParent }).count()).toBe(1);
    expect(await tutor.page.locator("#live-thread-messages li.own", { hasText: fromParent }).count()).toBe(0);

    // The parent's page, reloaded by its own post, now follows the stream again.
    await parent.page
      .locator("#live-notification-count .visually-hidden")
      .waitFor({ state: "attached", timeout: 20_000 });
    await markStay(parent.page);
    const fromTutor = `Yes, Friday at 4. ${crypto.randomUUID().slice(0, 8)}`;
    await tutor.page.locator("#field-body").fill(fromTutor);
    await landingAfter(tutor.page, () => tutor.page.getByRole("button", { name: "Send reply" }).click());
    await parent.page.locator("#live-thread-messages li", { hasText: fromTutor }).waitFor({ timeout: 10_000 });
    expect(await stayed(parent)).toBe(true);

    // The tutor closes the thread: the parent's reply form goes, live, and the notice says why.
    await tutor.page
      .locator("#live-notification-count .visually-hidden")
      .waitFor({ state: "attached", timeout: 20_000 });
    await landingAfter(tutor.page, () => tutor.page.getByRole("button", { name: "Close this conversation" }).click());
    await parent.page.locator("#live-thread-reply .notice", { hasText: "It takes no new messages." }).waitFor({
      timeout: 10_000,
    });
    expect(await parent.page.locator("#live-thread-reply textarea").count()).toBe(0);
    expect(await stayed(parent)).toBe(true);
    expect(parent.errors).toEqual([]);
    expect(tutor.errors).toEqual([]);

    // A reply posted anyway (a form left open elsewhere) is refused by the server.
    const token = await parent.page.locator('form[action="/sign-out"] input[name="_csrf"]').inputValue();
    const refused = await parent.page.request.post(`${web.url}/messages/${threadId}/replies`, {
      form: { _csrf: token, body: "One more thing" },
      headers: { origin: web.url },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(409);
  }, 120_000);
});
