import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright";
import { createApp } from "../../src/app";
import { directionOf, type Locale } from "../../src/platform/i18n";
import { PUBLIC, SIGNED_URL } from "../../src/platform/permissions";
import { pagePathWithRealIds, type RealRows, realRows } from "../security/real-rows";
import { allowedFor, routesOf } from "../security/walk";
import { contextWithSession, launchBrowser } from "../support/browser";
import { E2E_WEB_ENV } from "../support/browser-session";
import { type Credentials, createPlatformAdmin, kioskCredentials, signedInAs } from "../support/fixtures";
import { layoutProblems } from "../support/layout";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Issue 12: every page lays out in both writing directions. Each page a centre's people can open
 * is loaded in Chromium once (by the least privileged principal who may), in an en-GB centre and
 * in an Arabic one, at a desktop and a phone width: no overlapping text, nothing off the sides,
 * arrows pointing the direction's way, the header starting on the reading side.
 */

type Who = "student" | "parent" | "tutor" | "head_tutor" | "centre_owner" | "kiosk" | "platform_admin";
/** Least privileged first: each page is seen by the first who may open it. */
const WHO: Who[] = ["student", "parent", "tutor", "head_tutor", "centre_owner", "kiosk", "platform_admin"];
const WIDTHS = [1280, 390];
/** Not pages: streams, files and downloads. */
const NOT_PAGES = /\/(events|stream|sse)(\/|$)|\/download$|\.(pdf|csv|png|svg)$|^\/(assets|storage)\//;

let web: RunningProcess;
let browser: Browser;

beforeAll(async () => {
  [web, browser] = await Promise.all([startWebServer(E2E_WEB_ENV), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function credentialsFor(who: Who, rows: RealRows): Promise<Credentials> {
  if (who === "kiosk") return kioskCredentials(rows.kiosk);
  if (who === "platform_admin") return signedInAs(await createPlatformAdmin(), { actingIn: rows.centre.id });
  return signedInAs(rows.centre.people[who]);
}

/** Each page once, with the first principal allowed to open it. */
function pagesFor(rows: RealRows): { who: Who; path: string }[] {
  return routesOf(createApp())
    .filter((route) => route.method === "GET" && route.permission !== PUBLIC && route.permission !== SIGNED_URL)
    .filter((route) => !NOT_PAGES.test(route.path))
    .flatMap((route) => {
      const who = WHO.find((principal) => allowedFor(route.permission as string, principal));
      return who ? [{ who, path: pagePathWithRealIds(route.path, rows) }] : [];
    });
}

describe.each(["en-GB", "ar"] as const)("every page in a %s centre", (locale: Locale) => {
  test("lays out without overlaps or sideways scrolling, arrows and header the direction's way", async () => {
    const rows = await realRows(`directions-${locale}`, {
      locale,
      features: { gamification: true, video_sessions: true, qr_scanning: true },
    });
    const expected = { lang: locale, dir: directionOf(locale) };
    const contexts = new Map<Who, { context: BrowserContext; page: Page }>();
    const problems: string[] = [];
    let measured = 0;
    for (const { who, path } of pagesFor(rows)) {
      let open = contexts.get(who);
      if (!open) {
        const context = await contextWithSession(browser, (await credentialsFor(who, rows)).cookie, web.url);
        context.setDefaultTimeout(10_000);
        open = { context, page: await context.newPage() };
        contexts.set(who, open);
      }
      // A route that answers with a file (a PDF) starts a download instead of a page: not a page.
      const response = await open.page.goto(`${web.url}${path}`).catch((error: Error) => {
        if (/Download is starting/.test(error.message)) return null;
        throw error;
      });
      if (response?.status() !== 200 || !(response.headers()["content-type"] ?? "").startsWith("text/html")) continue;
      measured++;
      for (const width of WIDTHS) {
        await open.page.setViewportSize({ width, height: 800 });
        problems.push(...(await layoutProblems(open.page, `${path} (${who}, ${width}px)`, expected)));
      }
    }
    for (const { context } of contexts.values()) await context.close();
    expect(measured).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  }, 300_000);
});
