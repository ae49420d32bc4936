import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { launchBrowser } from "../support/browser";
import { type RunningProcess, startWebServer } from "../support/processes";

let web: RunningProcess;
let browser: Browser;

beforeAll(async () => {
  [web, browser] = await Promise.all([startWebServer(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe("landing page in Chromium", () => {
  test("welcomes the visitor (naming no centre) and loads htmx 4", async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Welcome to AetherLearn");
    await page.waitForFunction(() => "htmx" in globalThis);
    const version = await page.evaluate(() => (globalThis as unknown as { htmx: { version: string } }).htmx.version);
    expect(version.startsWith("4.")).toBe(true);
    await page.close();
  });

  test("a first visit transfers under 30 KB compressed (document + CSS + JS)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const transfers: Promise<number>[] = [];
    page.on("requestfinished", (request) => {
      transfers.push(request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize));
    });
    await page.goto(`${web.url}/`, { waitUntil: "networkidle" });
    const sizes = await Promise.all(transfers);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(total).toBeLessThan(30 * 1024);
    console.log(`first visit: ${sizes.length} requests, ${total} bytes`);

    // A repeat visit revalidates only the document: assets are fingerprinted and immutable.
    const repeat: Promise<number>[] = [];
    page.on("requestfinished", (request) => {
      repeat.push(request.sizes().then((sizes) => sizes.responseBodySize));
    });
    await page.goto(`${web.url}/`, { waitUntil: "networkidle" });
    const repeatTotal = (await Promise.all(repeat)).reduce((sum, size) => sum + size, 0);
    expect(repeatTotal).toBeLessThan(10 * 1024);
    await context.close();
  });
});
