import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright";
import { ORIGIN } from "../../../tests/security/walk";
import { contextWithSession, launchBrowser } from "../../../tests/support/browser";
import {
  type Centre,
  createCentre,
  type MarkbookClass,
  markbookClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { pdfText } from "../../../tests/support/pdf-text";
import { createApp } from "../../app";

/** The markbook's print sheet, as Chromium prints it to PDF: 30 students × 12 homework on one A4 landscape page. */
const app = createApp();
let browser: Browser;
let context: BrowserContext;
let centre: Centre;
let klass: MarkbookClass;
let page: Page;

/**
 * The browser's requests are answered by the app in this process (page, stylesheets), as the web
 * process would answer them; uncompressed, so Playwright hands the bytes over as they are.
 */
async function serveApp(target: BrowserContext) {
  await target.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const headers = await request.allHeaders();
    delete headers["accept-encoding"];
    const response = await app.handle(new Request(request.url(), { method: request.method(), headers }));
    const answered = Object.fromEntries(response.headers);
    delete answered["content-encoding"];
    await route.fulfill({
      status: response.status,
      headers: answered,
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
}

beforeAll(async () => {
  [browser, centre] = await Promise.all([launchBrowser(), createCentre({ label: "markbook-print" })]);
  klass = await markbookClass(centre, { students: 30, homework: 12, label: "print" });
  context = await contextWithSession(browser, (await signedInAs(centre.people.tutor)).cookie, ORIGIN);
  await serveApp(context);
  page = await context.newPage();
  const response = await page.goto(`${ORIGIN}/classes/${klass.classId}/markbook`);
  expect(response?.status()).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function pageCount(pdf: Uint8Array): Promise<number> {
  const child = Bun.spawn(["pdfinfo", "-"], { stdin: pdf, stdout: "pipe", stderr: "pipe" });
  const [info, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  if (code !== 0) throw new Error(`pdfinfo failed (${code})`);
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

describe("the markbook's print sheet", () => {
  test("30 students × 12 homework fit one A4 landscape page, every column and row on it", async () => {
    expect(await page.locator("link[href*='markbook']").count()).toBe(1);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    expect(await pageCount(pdf)).toBe(1);
    const sizes = await (async () => {
      const child = Bun.spawn(["pdfinfo", "-"], { stdin: pdf, stdout: "pipe" });
      return new Response(child.stdout).text();
    })();
    // A4 landscape: 842 × 595 points.
    expect(sizes).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
    const text = await pdfText(pdf);
    expect(text).toContain("Pupil print 001");
    expect(text).toContain("Pupil print 030");
    expect(text).toContain("Task 12");
    expect(text).toContain("Class average");
    expect(text).not.toContain("Download as CSV");
  }, 30_000);

  test("in print, the grid is no wider than the page's printable width", async () => {
    await page.emulateMedia({ media: "print" });
    // A4 landscape less the 8 mm margins: 281 mm at 96 px per inch.
    await page.setViewportSize({ width: Math.floor((281 / 25.4) * 96), height: 700 });
    const overflow = await page.locator("table.markbook").evaluate((table) => {
      const width = (table.ownerDocument as unknown as { documentElement: { clientWidth: number } }).documentElement;
      return table.getBoundingClientRect().right - width.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
