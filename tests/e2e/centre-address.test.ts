import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter, openContext, signInForm } from "../support/browser-session";
import { type Centre, createCentre } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Acceptance 5 of issue 14, in Chromium: with three centres on the installation, the landing and
 * sign-in pages name none of them; a centre's own address names it alone, and a parent there
 * signs in by typing email and password, touching no selector.
 */
let web: RunningProcess;
let browser: Browser;
let centres: Centre[];

beforeAll(async () => {
  [web, browser, centres] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    Promise.all(["oak", "elm", "ash"].map((label) => createCentre({ label: `a5-${label}` }))),
  ]);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** Everything a person could read on the page: its text, and the values and labels of its controls. */
async function readable(page: import("playwright").Page): Promise<string> {
  const text = await page.locator("body").textContent();
  const values = await page.$$eval("input, option, select, textarea", (elements) =>
    elements.map((element) => `${(element as { value?: string }).value ?? ""} ${element.textContent ?? ""}`).join(" "),
  );
  return `${await page.title()} ${text} ${values} ${await page.content()}`;
}

const named = (text: string, list: Centre[]) => list.filter((c) => text.includes(c.name) || text.includes(c.slug));

describe("sign-in that fits many tenants", () => {
  test("the landing and sign-in pages name no centre; each centre's address names only itself", async () => {
    const context = await openContext(browser);
    try {
      const page = await context.newPage();
      for (const path of ["/", "/sign-in", "/forgot-password"]) {
        await page.goto(`${web.url}${path}`);
        expect({ path, named: named(await readable(page), centres).map((c) => c.slug) }).toEqual({ path, named: [] });
        expect(await page.locator("select").count()).toBe(0);
      }
      for (const centre of centres) {
        await page.goto(`${web.url}/c/${centre.slug}`);
        const text = await readable(page);
        expect(named(text, centres).map((c) => c.slug)).toEqual([centre.slug]);
        await page.getByRole("heading", { level: 1, name: `Sign in to ${centre.name}` }).waitFor();
        expect(await page.locator("select").count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  }, 30_000);

  test("a parent at their centre's address types email and password only, and is signed in", async () => {
    const centre = centres[1] as Centre;
    const parent = centre.people.parent;
    const context = await openContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${web.url}/c/${centre.slug}`);
      const form = signInForm(page, "password");
      expect(await form.locator("select").count()).toBe(0);
      await form.getByLabel("Email").fill(parent.email);
      await form.getByLabel("Password").fill(parent.password);
      await landingAfter(page, () => form.getByRole("button", { name: "Sign in" }).click());
      expect(new URL(page.url()).pathname).toBe("/home");
      await page.getByRole("heading", { level: 1, name: `Hello, ${parent.name}` }).waitFor();
      // Their centre heads every page now, and no other.
      expect(await page.locator(".centre-brand").textContent()).toBe(centre.name);
    } finally {
      await context.close();
    }
  }, 30_000);

  test("a visitor types their centre's code on the landing page and reaches its sign-in page", async () => {
    const centre = centres[2] as Centre;
    const context = await openContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${web.url}/`);
      await page.getByLabel("Your centre's code").fill(centre.slug.toUpperCase());
      await landingAfter(page, () => page.getByRole("button", { name: "Continue" }).click());
      expect(new URL(page.url()).pathname).toBe(`/c/${centre.slug}`);

      await page.goto(`${web.url}/`);
      await page.getByLabel("Your centre's code").fill("no-such-centre");
      const refused = await landingAfter(page, () => page.getByRole("button", { name: "Continue" }).click());
      expect(refused.status()).toBe(404);
      await page.getByText("We could not find a centre with that code.").waitFor();
      expect(named(await readable(page), centres)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});
