import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright";
import sharp from "sharp";
import { db } from "../../src/platform/db";
import { contextWithSession, launchBrowser } from "../support/browser";
import { type Centre, createCentre, demoHomework, signedInAs } from "../support/fixtures";
import { type RunningProcess, startWebServer, startWorker } from "../support/processes";

/** Issue 5, acceptance 2: a student attaches a photo of their work; the tutor sees its thumbnail in the marking queue. */
let centre: Centre;
let homeworkId: string;
let web: RunningProcess;
let worker: { stop(): Promise<void> };
let browser: Browser;
const photo = join(tmpdir(), `aetherlearn-work-${process.pid}.jpg`);

beforeAll(async () => {
  centre = await createCentre({ label: "photo" });
  homeworkId = await demoHomework(centre);
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 240, g: 235, b: 220 } } })
    .jpeg()
    .toFile(photo);
  [web, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  worker = startWorker();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([web?.stop(), worker?.stop()]);
});

describe("photos of paper work", () => {
  test("a student attaches a photo and hands in; the tutor sees its thumbnail when marking", async () => {
    // Set up below through the real pages; the thumbnail is made by the worker in the background.
    const student = await contextWithSession(browser, (await signedInAs(centre.people.student)).cookie, web.url);
    const studentPage = await student.newPage();
    await studentPage.goto(`${web.url}/my-homework/${homeworkId}`);
    await studentPage.getByRole("link", { name: "Add photos or scans of your work" }).click();
    await studentPage.getByLabel("Add a photo or scan of your work").setInputFiles(photo);
    await Promise.all([studentPage.waitForNavigation(), studentPage.getByRole("button", { name: "Upload" }).click()]);
    await studentPage.goto(`${web.url}/homework/${homeworkId}/submit`);
    await Promise.all([studentPage.waitForNavigation(), studentPage.getByRole("button", { name: /hand in/i }).click()]);

    const submission = await db
      .selectFrom("submissions")
      .where("homework_id", "=", homeworkId)
      .where("student_id", "=", centre.people.student.id)
      .select(["id", "status"])
      .executeTakeFirstOrThrow();
    expect(submission.status).toBe("submitted");

    const tutor = await contextWithSession(browser, (await signedInAs(centre.people.tutor)).cookie, web.url);
    const tutorPage = await tutor.newPage();
    await tutorPage.goto(`${web.url}/marking`);
    await Promise.all([
      tutorPage.waitForNavigation(),
      tutorPage.locator(`a[href="/submissions/${submission.id}"]`).first().click(),
    ]);
    // The worker makes the thumbnail in the background; the marking screen shows it once it exists.
    const thumbnail = tutorPage.locator('section[aria-labelledby="attachments-heading"] img');
    for (let attempt = 0; attempt < 40 && (await thumbnail.count()) === 0; attempt++) {
      await Bun.sleep(250);
      await tutorPage.reload();
    }
    expect(await thumbnail.count()).toBeGreaterThan(0);
    // The thumbnail is `loading="lazy"` with a width only: the page's load event does not wait for
    // it, and until its pixels arrive it is 0 px high (not yet "visible"). Wait for the image itself,
    // then see it and measure it.
    await thumbnail.first().scrollIntoViewIfNeeded();
    const image = await thumbnail.first().elementHandle();
    await tutorPage.waitForFunction((img) => (img as unknown as { complete: boolean }).complete, image, {
      timeout: 10_000,
    });
    await expect(thumbnail.first().isVisible()).resolves.toBe(true);
    const loaded = await thumbnail.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThanOrEqual(320);
    await Promise.all([student.close(), tutor.close()]);
  }, 60_000);
});
