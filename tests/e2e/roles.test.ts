import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import type { Role } from "../../src/platform/db/schema";
import { launchBrowser } from "../support/browser";
import {
  E2E_WEB_ENV,
  expectSignedOut,
  landingAfter,
  navLinks,
  openContext,
  signedInPage,
  signInForm,
  signOut,
} from "../support/browser-session";
import { type Centre, createCentre, createPlatformAdmin, type PasswordPerson } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

let web: RunningProcess;
let browser: Browser;
let fixture: Centre;
let platformAdmin: PasswordPerson;

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ timeZone: "Europe/London" }),
  ]);
  platformAdmin = await createPlatformAdmin();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

// Written out by hand rather than derived from the permission table, so a change to who sees
// what in the navigation is a deliberate edit here too.
const EXPECTED: { key: Role; label: string; nav: string[] }[] = [
  { key: "platform_admin", label: "Platform admin", nav: ["Home", "Centres", "System health", "Profile"] },
  {
    key: "centre_owner",
    label: "Centre owner",
    nav: ["Home", "People", "Messages (no unread messages)", "Audit log", "Settings", "Profile"],
  },
  {
    key: "centre_admin",
    label: "Centre admin",
    nav: ["Home", "People", "Messages (no unread messages)", "Audit log", "Settings", "Profile"],
  },
  { key: "head_tutor", label: "Head tutor", nav: ["Home", "Messages (no unread messages)", "Profile"] },
  { key: "tutor", label: "Tutor", nav: ["Home", "Messages (no unread messages)", "Profile"] },
  { key: "parent", label: "Parent", nav: ["Home", "Messages (no unread messages)", "Profile"] },
  { key: "student", label: "Student", nav: ["Home", "Profile"] },
];

describe("each role signs in through the real form", () => {
  for (const { key, label, nav } of EXPECTED) {
    test(`${label}: home, navigation, sign-out`, async () => {
      const person = key === "platform_admin" ? platformAdmin : fixture.people[key];
      const { context, page } = await signedInPage(browser, web.url, fixture, person);
      try {
        await page.getByRole("heading", { level: 1, name: `Hello, ${person.name}` }).waitFor();
        const role = (await page.locator("#home h1 + p").textContent()) ?? "";
        expect(role.startsWith(label)).toBe(true);
        if (person.centreId) expect(role).toContain(fixture.name);
        expect(await page.locator(".site-nav .who").textContent()).toContain(person.name);
        expect(await navLinks(page)).toEqual(nav);

        // Signing out leads back to the address the person signs in at.
        const afterSignOut = await signOut(page);
        const platform = person.centreId === null;
        expect(new URL(afterSignOut.url()).pathname).toBe(platform ? "/platform/sign-in" : `/c/${fixture.slug}`);
        await signInForm(page, platform ? "platform" : "password").waitFor();

        // The old cookie names a revoked session: /home no longer serves this person.
        await expectSignedOut(page, web.url, person.name);
      } finally {
        await context.close();
      }
    }, 20_000);
  }
});

describe("keyboard only", () => {
  test("a tutor signs in with Tab, typing and Enter; focus follows the labels in order", async () => {
    const context = await openContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${web.url}/c/${fixture.slug}`);
      // Each stop is found by its visible label, so this also checks that every label names its input.
      const form = signInForm(page, "password");
      const stops = [
        page.getByRole("link", { name: "Skip to content" }),
        page.getByRole("link", { name: "AetherLearn" }),
        page.locator(".site-nav").getByRole("link", { name: "Sign in" }),
        form.getByLabel("Email"),
        form.getByLabel("Password"),
      ];
      for (const stop of stops) {
        await page.keyboard.press("Tab");
        expect(await stop.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
      }

      // The centre's own page has nothing to choose: back to the email, type, and on.
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.type(fixture.people.tutor.email);
      await page.keyboard.press("Tab");
      await page.keyboard.type(fixture.people.tutor.password);
      await landingAfter(page, () => page.keyboard.press("Enter"));

      expect(new URL(page.url()).pathname).toBe("/home");
      await page.getByRole("heading", { level: 1, name: `Hello, ${fixture.people.tutor.name}` }).waitFor();
    } finally {
      await context.close();
    }
  }, 20_000);
});
