import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright";
import QRCode from "qrcode";
import { axeViolations } from "../../../tests/support/accessibility";
import { launchBrowser } from "../../../tests/support/browser";
import { E2E_WEB_ENV } from "../../../tests/support/browser-session";
import {
  addPerson,
  type Centre,
  createCentre,
  demoHomework,
  FIXTURE_PIN,
  kioskCredentials,
  pairKiosk,
  type StudentPerson,
  scheduledClass,
} from "../../../tests/support/fixtures";
import { type RunningProcess, startWebServer } from "../../../tests/support/processes";
import { db } from "../../platform/db";
import { signBadge } from "./badge";

/**
 * Issue 16, acceptance 3–5 in Chromium: a 1024×768 touch screen, no keyboard. A child taps their
 * picture and their PIN, opens their homework and finishes; the next child cannot reach it; a
 * minute idle ends a homework session (the page's clock is driven by the test); a badge held up
 * to a (fake) camera checks a child in; the kiosk page's first visit, decoder included, weighs
 * under 60 KB compressed.
 */
const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false };
let web: RunningProcess;
let browser: Browser;
let fixture: Centre;
let first: StudentPerson;
let second: StudentPerson;
let cameraChild: StudentPerson;
let homeworkId: string;
let videoDir: string;

/** A Y4M video (what Chromium's fake camera plays) of the badge's QR code, black on white. */
async function badgeVideo(token: string): Promise<string> {
  const width = 640;
  const height = 480;
  const qr = QRCode.create(token, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const scale = Math.floor(400 / (size + 8));
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  const luma = new Uint8Array(width * height).fill(235);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (!qr.modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++) {
        luma.fill(
          16,
          (top + row * scale + y) * width + left + column * scale,
          (top + row * scale + y) * width + left + (column + 1) * scale,
        );
      }
    }
  }
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frames: Buffer[] = [header];
  for (let frame = 0; frame < 10; frame++) frames.push(Buffer.from("FRAME\n"), Buffer.from(luma), Buffer.from(chroma));
  const path = join(videoDir, "badge.y4m");
  writeFileSync(path, Buffer.concat(frames));
  return path;
}

async function kioskContext(target: Browser, options = {}): Promise<BrowserContext> {
  const context = await target.newContext({ ...TABLET, locale: "en-GB", ...options });
  const kiosk = await kioskCredentials(await pairKiosk(fixture));
  const [name, value] = kiosk.cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: web.url }]);
  return context;
}

const firstNameOf = (student: StudentPerson) => student.name.split(" ")[0] as string;
// Every fixture student is a "Sam": the tile is found by whose it is, not by the name shown.
const tileOf = (page: Page, student: StudentPerson) => page.locator(`a[href="/kiosk/pin/${student.id}"]`);

/** Taps a child's picture and their PIN on the number pad, then OK: no keyboard anywhere. */
async function tapIn(page: Page, student: StudentPerson): Promise<void> {
  await tileOf(page, student).tap();
  await page.getByRole("heading", { name: `Hi ${firstNameOf(student)}! Type your PIN` }).waitFor();
  for (const digit of FIXTURE_PIN) await page.getByRole("button", { name: digit, exact: true }).tap();
  await page.getByRole("button", { name: "OK, check me in" }).tap();
  await page.getByRole("heading", { name: `Hello, ${student.name}!` }).waitFor();
}

beforeAll(async () => {
  videoDir = mkdtempSync(join(tmpdir(), "kiosk-camera-"));
  [web, browser, fixture] = await Promise.all([startWebServer(E2E_WEB_ENV, 60_000), launchBrowser(), createCentre()]);
  first = fixture.people.student;
  [second, cameraChild] = [
    await addPerson(fixture, "student", { name: "Bea Second" }),
    await addPerson(fixture, "student", { name: "Cam Third" }),
  ];
  homeworkId = await demoHomework(fixture, "Fractions for the first child");
  const classId = await scheduledClass(fixture, { name: "Rush class", members: [first, second, cameraChild] });
  const now = Date.now();
  await db
    .insertInto("class_sessions")
    .values({
      centre_id: fixture.id,
      class_id: classId,
      starts_at: new Date(now - 60_000),
      ends_at: new Date(now + 3_600_000),
    })
    .execute();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe("picture sign-in and homework at the kiosk, by touch", () => {
  test("tap picture → number pad → checked in; homework; the next child cannot reach it; a minute idle ends it", async () => {
    const context = await kioskContext(browser);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${web.url}/kiosk`);
    await page.getByRole("heading", { name: "Welcome! Please check in" }).waitFor();
    expect(await axeViolations(page, "kiosk pictures")).toEqual([]);
    const tile = await tileOf(page, first).boundingBox();
    expect(Math.min(tile?.width ?? 0, tile?.height ?? 0)).toBeGreaterThanOrEqual(64);

    await tileOf(page, first).tap();
    await page.getByRole("heading", { name: `Hi ${firstNameOf(first)}! Type your PIN` }).waitFor();
    expect(await axeViolations(page, "number pad")).toEqual([]);
    for (const key of await page.locator(".pad-key").all()) {
      const box = await key.boundingBox();
      expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(64);
    }
    // A wrong PIN: a cross, red, and words; the pad stays for another go.
    for (const digit of "111111") await page.getByRole("button", { name: digit, exact: true }).tap();
    await page.getByRole("button", { name: "Rub out one number" }).tap();
    expect(await page.locator("#pad-pin").inputValue()).toBe("11111");
    await page.getByRole("button", { name: "Rub out one number" }).tap();
    await page.getByRole("button", { name: "OK, check me in" }).tap();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("✗");
    await page.getByRole("link", { name: "← Back" }).tap();

    await tapIn(page, first);
    expect(await page.getByText("You're checked in!").count()).toBe(1);
    expect(await axeViolations(page, "welcome")).toEqual([]);

    await page.getByRole("button", { name: "My homework" }).tap();
    await page.getByRole("heading", { name: `${first.name}'s homework` }).waitFor();
    expect(await axeViolations(page, "kiosk homework")).toEqual([]);
    const links = await page.locator("header a").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
    expect(links.every((href) => href === "/kiosk/homework")).toBe(true);
    await page.getByRole("link", { name: "Fractions for the first child" }).tap();
    await page.waitForURL(`**/homework/${homeworkId}/questions/1`);
    expect((await page.goto(`${web.url}/home`))?.status()).toBe(403);
    await page.goto(`${web.url}/kiosk/homework`);
    await page.getByRole("button", { name: "I'm finished" }).tap();
    await page.getByRole("heading", { name: "Welcome! Please check in" }).waitFor();

    await tapIn(page, second);
    await page.getByRole("button", { name: "My homework" }).tap();
    await page.getByRole("heading", { name: "Bea Second's homework" }).waitFor();
    expect(await page.content()).not.toContain("Fractions for the first child");
    const theirs = await page.goto(`${web.url}/homework/${homeworkId}/questions/1`);
    expect(theirs?.status()).toBe(404);
    expect(await page.content()).not.toContain("Fractions for the first child");

    // A minute without a touch: the page's timer says "I'm finished" by itself.
    await page.goto(`${web.url}/kiosk/homework`);
    await page.clock.fastForward(59_000);
    expect(new URL(page.url()).pathname).toBe("/kiosk/homework");
    await page.clock.fastForward(2_000);
    await page.getByRole("heading", { name: "Welcome! Please check in" }).waitFor();
    expect((await context.cookies()).some((cookie) => cookie.name === "al_session")).toBe(false);
    expect((await page.goto(`${web.url}/kiosk/homework`))?.status()).toBe(403);
    await context.close();
  }, 60_000);
});

describe("camera badge scanning", () => {
  test("a badge held up to the camera checks the child in; the kiosk page weighs under 60 KB with the decoder", async () => {
    const video = await badgeVideo(signBadge(cameraChild.id, 0));
    const camera = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await kioskContext(camera, { permissions: ["camera"] });
      const page = await context.newPage();
      const transfers: Promise<number>[] = [];
      let counting = true;
      page.on("request", (request) => {
        if (request.method() === "POST") counting = false;
      });
      page.on("requestfinished", (request) => {
        if (counting)
          transfers.push(request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize));
      });
      await page.goto(`${web.url}/kiosk`, { waitUntil: "networkidle" });
      const native = await page.evaluate(() => "BarcodeDetector" in globalThis);
      await page.getByRole("button", { name: "Use the camera" }).tap();
      await page.getByRole("heading", { name: `Hello, ${cameraChild.name}!` }).waitFor({ timeout: 20_000 });
      const sizes = await Promise.all(transfers);
      const total = sizes.reduce((sum, size) => sum + size, 0);
      console.log(
        `kiosk first visit with the scanner: ${sizes.length} requests, ${total} bytes (BarcodeDetector: ${native})`,
      );
      expect(total).toBeLessThan(60 * 1024);
      const marks = await db
        .selectFrom("attendance")
        .where("centre_id", "=", fixture.id)
        .where("student_id", "=", cameraChild.id)
        .select("method")
        .execute();
      expect(marks.map((mark) => mark.method)).toContain("qr");
      // Only kiosk pages carry the scanner.
      const landing = await (await fetch(`${web.url}/`)).text();
      expect(landing).not.toContain("kiosk.");
      expect(landing).not.toContain("jsqr");
      await context.close();
    } finally {
      await camera.close();
    }
  }, 60_000);
});
