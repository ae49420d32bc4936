import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { db } from "../../src/platform/db";
import { axeViolations } from "../support/accessibility";
import { contextWithSession, launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter } from "../support/browser-session";
import {
  attendedSession,
  type Centre,
  classWith,
  createCentre,
  createCourse,
  pastWork,
  signedInAs,
} from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Acceptance 3 of issue 15: a student's progress charts in Chromium are SVG with a table beside
 * each, axe-core finds nothing serious in English or Arabic (right to left), and a first visit
 * transfers under 30 KB compressed (document, CSS and JS), as the landing page's test measures.
 */
let web: RunningProcess;
let browser: Browser;

const DAY = 86_400_000;

async function centreWithHistory(label: string, locale: "en-GB" | "ar"): Promise<Centre> {
  const centre = await createCentre({ label, locale, features: { gamification: true } });
  const student = centre.people.student;
  const courses = [await createCourse(centre, "Mathematics"), await createCourse(centre, "العلوم")];
  const classId = await classWith(centre, { tutor: centre.people.tutor, members: [student], courseId: courses[0] });
  for (let week = 0; week < 40; week++) {
    const dueAt = new Date(Date.now() - (week * 7 + 1) * DAY);
    const courseId = courses[week % 2] as string;
    await pastWork(centre, {
      student,
      courseId,
      dueAt,
      status: week % 4 === 3 ? "not_started" : "marked",
      score: 4 + (week % 6),
    });
    await attendedSession(centre, { classId, student, startsAt: dueAt, status: week % 5 === 0 ? "absent" : "present" });
  }
  await db
    .insertInto("xp_ledger")
    .values(
      [30, 60, 120, 200].map((days, n) => ({
        centre_id: centre.id,
        student_id: student.id,
        amount: 25 * (n + 1),
        reason: "Effort",
        source_type: "award" as const,
        source_id: crypto.randomUUID(),
        awarded_by: centre.people.tutor.id,
        created_at: new Date(Date.now() - days * DAY),
      })),
    )
    .execute();
  return centre;
}

beforeAll(async () => {
  // A shared, busy machine can take longer than the default 15 s to start the web process.
  [web, browser] = await Promise.all([startWebServer(E2E_WEB_ENV, 60_000), launchBrowser()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe("a student's progress charts in Chromium", () => {
  test.each([
    ["en-GB", "ltr"],
    ["ar", "rtl"],
  ] as const)(
    "%s: SVG charts with tables, axe-clean, under 30 KB on a first visit",
    async (locale, dir) => {
      const centre = await centreWithHistory(`charts-${locale}`, locale);
      const student = await signedInAs(centre.people.student);
      const context = await contextWithSession(browser, student.cookie, web.url);
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const transfers: Promise<number>[] = [];
      page.on("requestfinished", (request) => {
        transfers.push(request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize));
      });
      const response = await landingAfter(page, () => page.goto(`${web.url}/progress/charts`, { waitUntil: "load" }));
      expect(response.status()).toBe(200);
      // Signed-in pages keep their live stream open (never "network idle"): document, CSS and JS are in by "load".
      await page.waitForFunction(() => "htmx" in globalThis);
      const sizes = await Promise.all(transfers);
      const total = sizes.reduce((sum, size) => sum + size, 0);
      console.log(`progress charts (${locale}) first visit: ${sizes.length} requests, ${total} bytes`);
      expect(total).toBeLessThan(30 * 1024);

      expect(await page.locator("html").getAttribute("dir")).toBe(dir);
      const charts = page.locator('svg[role="img"]');
      expect(await charts.count()).toBe(4);
      for (let n = 0; n < 4; n++) {
        const chart = charts.nth(n);
        // Each image is named by its <title> and described by its <desc>.
        const title = await chart.getAttribute("aria-labelledby");
        expect(await page.locator(`[id="${title}"]`).count()).toBe(1);
        expect(await chart.locator("desc").textContent()).not.toBe("");
        const box = await chart.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(200);
      }
      // The tables open with the keyboard-reachable summary, and carry the same figures.
      for (const summary of await page.locator("details.chart-table > summary").all()) await summary.click();
      expect(await page.locator("details.chart-table table").count()).toBe(4);
      expect(await axeViolations(page, `progress charts (${locale})`)).toEqual([]);
      await context.close();
    },
    60_000,
  );
});
