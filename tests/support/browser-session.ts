import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Response } from "playwright";
import type { Centre, Person } from "./fixtures";

/**
 * Browser-level sign-in through the real forms. Each person gets their own context (their own
 * cookie jar), as two people on two devices would.
 */

/**
 * Environment for web processes that browser tests drive. Every browser sign-in comes from
 * 127.0.0.1 and the suite's files share one Redis, so the per-address limits are raised (the
 * limits themselves have their own tests).
 */
export const E2E_WEB_ENV = { RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000", RATE_LIMIT_REQUESTS_PER_MINUTE: "5000" };

/** A fresh context (one person's device) whose waits fail within seconds, well inside a test's timeout. */
export async function openContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(8_000);
  return context;
}

/** The sign-in form for this kind of person: staff and parents use one form, students the other. */
export function signInForm(page: Page, kind: Person["kind"] | "platform"): Locator {
  const mode = kind === "student" ? "student" : kind === "platform" ? "platform" : "password";
  return page.locator("form").filter({ has: page.locator(`input[name="mode"][value="${mode}"]`) });
}

/**
 * Runs an action that navigates the page and returns the document response it lands on (after
 * redirects), once that document has loaded.
 */
export async function landingAfter(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const landed = page.waitForResponse(
    (response) =>
      response.request().isNavigationRequest() &&
      response.request().frame() === page.mainFrame() &&
      (response.status() < 300 || response.status() >= 400),
  );
  await action();
  const response = await landed;
  await response.finished();
  await page.waitForLoadState("load");
  return response;
}

/** Fills the right sign-in form for this person and submits it; returns the page it lands on. */
export async function signIn(
  page: Page,
  baseUrl: string,
  centre: Pick<Centre, "slug">,
  person: Person,
): Promise<Response> {
  // Everyone signs in at their centre's own address, with nothing to choose; the platform admin,
  // who belongs to no centre, at the platform's.
  const platform = person.centreId === null;
  await page.goto(`${baseUrl}${platform ? "/platform/sign-in" : `/c/${centre.slug}`}`);
  const form = signInForm(page, platform ? "platform" : person.kind);
  if (person.kind === "student") {
    await form.getByLabel("Student code").fill(person.studentCode);
    await form.getByLabel("PIN").fill(person.pin);
  } else {
    await form.getByLabel("Email").fill(person.email);
    await form.getByLabel("Password").fill(person.password);
  }
  return landingAfter(page, () => form.getByRole("button").click());
}

/** A fresh context signed in as this person, landed on /home; fails loudly if the sign-in did not get there. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  centre: Pick<Centre, "slug">,
  person: Person,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await openContext(browser);
  const page = await context.newPage();
  const response = await signIn(page, baseUrl, centre, person);
  if (new URL(page.url()).pathname !== "/home") {
    throw new Error(`${person.name} (${person.role}) landed on ${page.url()} with ${response.status()}, not /home`);
  }
  return { context, page };
}

export async function signOut(page: Page): Promise<Response> {
  return landingAfter(page, () => page.getByRole("button", { name: "Sign out" }).click());
}

/**
 * The text of the main navigation's links, in order, once their counts (fetched after load) are in.
 * A function, not a string: a string predicate still false at the first look is polled through
 * eval, which the pages' CSP refuses (script-src 'self'), and the wait failed on a loaded machine.
 */
export async function navLinks(page: Page): Promise<string[]> {
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
    return !document.querySelector('nav.site-nav [hx-trigger="load"]');
  });
  return page.locator("nav.site-nav a").allTextContents();
}

/**
 * Loads /home with the page's current cookie and checks the app no longer knows this person:
 * the "Please sign in" page (401), whose link leads to the sign-in page, where a visitor types
 * their centre's code. Returns to /sign-in.
 */
export async function expectSignedOut(page: Page, baseUrl: string, name: string): Promise<void> {
  const home = await visit(page, baseUrl, "/home");
  if (home.status() !== 401) throw new Error(`/home answered ${home.status()} for a signed-out ${name}, not 401`);
  await page.getByRole("heading", { name: "Please sign in" }).waitFor();
  if ((await page.content()).includes(name)) throw new Error(`the signed-out page still names ${name}`);
  await landingAfter(page, () => page.locator(".error-page").getByRole("link", { name: "Sign in" }).click());
  await page.locator("form#find-centre").waitFor();
}

/** Loads a path as a plain navigation and returns the document response it ends on. */
export function visit(page: Page, baseUrl: string, path: string): Promise<Response> {
  return landingAfter(page, () => page.goto(`${baseUrl}${path}`));
}
