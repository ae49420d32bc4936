import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter, openContext, signedInPage, signIn } from "../support/browser-session";
import { type Centre, createCentre, FIXTURE_PASSWORD, type PasswordPerson } from "../support/fixtures";
import { linksIn, mailTo, waitForMail } from "../support/mailbox";
import { type RunningProcess, startWebServer, startWorker } from "../support/processes";

/**
 * Acceptance 1 of issue 13, and the other emails that exist today: an invitation read from the
 * real SMTP server and followed in Chromium, an admin-issued reset link, and staff asking a
 * parent to give consent for an under-13 student.
 */

const shortId = () => crypto.randomUUID().slice(0, 8);

let web: RunningProcess;
let worker: { stop(): Promise<void> };
let browser: Browser;
let centre: Centre;

beforeAll(async () => {
  [web, browser, centre] = await Promise.all([
    startWebServer(E2E_WEB_ENV, 40_000),
    launchBrowser(),
    createCentre({ label: "family-mail" }),
  ]);
  worker = startWorker({ PUBLIC_URL: web.url });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([worker?.stop(), web?.stop()]);
});

/** What no email may carry (Contract 1): secrets and dates of birth. */
function expectNothingSecret(text: string) {
  expect(text).not.toContain(centre.youngStudent.dateOfBirth);
  expect(text).not.toContain(centre.youngStudent.pin);
  expect(text).not.toContain(FIXTURE_PASSWORD);
}

describe("emails a centre sends today", () => {
  test("a parent invited by an admin reads the invitation, follows its link, sets a password and signs in", async () => {
    const admin = await signedInPage(browser, web.url, centre, centre.people.centre_admin);
    const invitee = { name: `Ines Invited ${shortId()}`, email: `invited-${shortId()}@fixture.example.org` };
    const password = "my own password 2026!";
    const context = await openContext(browser);
    try {
      const since = new Date(Date.now() - 1000);
      await admin.page.goto(`${web.url}/people/invite`);
      await admin.page.getByLabel("Full name").fill(invitee.name);
      await admin.page.getByLabel("Email").fill(invitee.email);
      await admin.page.getByLabel("Role").selectOption("parent");
      const created = await landingAfter(admin.page, () =>
        admin.page.getByRole("button", { name: "Create invitation" }).click(),
      );
      expect(created.status()).toBe(201);
      // The link is still shown to the admin, as a fallback, with where it was emailed.
      expect(await admin.page.textContent("main")).toContain(invitee.email);
      const shown = (await admin.page.locator("[data-secret]").textContent())?.trim();

      const mail = await waitForMail({ to: invitee.email, subject: "Your invitation", since, timeoutMs: 20_000 });
      expect(mail.subject).toContain(centre.name);
      expect(mail.text).toContain(invitee.name);
      expect(mail.html).toContain(centre.name);
      expectNothingSecret(`${mail.text}${mail.html}`);
      const link = linksIn(mail).find((url) => url.startsWith(`${web.url}/invite/`));
      expect(link).toBe(shown);

      const page = await context.newPage();
      await page.goto(link as string);
      await page.getByRole("heading", { level: 1, name: "Welcome to AetherLearn" }).waitFor();
      await page.getByLabel("New password", { exact: true }).fill(password);
      await page.getByLabel("Repeat the password", { exact: true }).fill(password);
      await landingAfter(page, () => page.getByRole("button", { name: "Save password" }).click());
      // Back at the centre's own sign-in page, which names it.
      expect(new URL(page.url()).pathname).toBe(`/c/${centre.slug}`);

      const parent: PasswordPerson = {
        kind: "password",
        id: "",
        role: "parent",
        name: invitee.name,
        email: invitee.email,
        password,
        centreId: centre.id,
      };
      await signIn(page, web.url, centre, parent);
      expect(new URL(page.url()).pathname).toBe("/home");
      await page.getByRole("heading", { level: 1, name: `Hello, ${invitee.name}` }).waitFor();
      // One invitation, one email.
      expect(await mailTo(invitee.email)).toHaveLength(1);
    } finally {
      await Promise.all([context.close(), admin.context.close()]);
    }
  }, 60_000);

  test("an admin-issued reset link is emailed, and still shown to the admin", async () => {
    const admin = await signedInPage(browser, web.url, centre, centre.people.centre_admin);
    const tutor = centre.people.tutor;
    try {
      const since = new Date(Date.now() - 1000);
      await admin.page.goto(`${web.url}/people/${tutor.id}`);
      await landingAfter(admin.page, () =>
        admin.page.getByRole("button", { name: "Issue a password reset link" }).click(),
      );
      const shown = (await admin.page.locator("[data-secret]").textContent())?.trim();
      expect(await admin.page.textContent("main")).toContain(tutor.email);
      const mail = await waitForMail({ to: tutor.email, subject: "Choose a new password", since, timeoutMs: 20_000 });
      expect(mail.text).toContain(`${centre.name} has sent you a link`);
      expect(linksIn(mail)).toContain(shown as string);
    } finally {
      await admin.context.close();
    }
  }, 60_000);

  test("staff ask a linked parent for consent; the parent follows the email, signs in and gives it", async () => {
    const admin = await signedInPage(browser, web.url, centre, centre.people.centre_admin);
    const parent = centre.people.parent;
    const young = centre.youngStudent;
    const context = await openContext(browser);
    try {
      const since = new Date(Date.now() - 1000);
      await admin.page.goto(`${web.url}/people/${young.id}`);
      expect(await admin.page.locator("[data-consent]").textContent()).toContain("not given yet");
      const ask = () =>
        landingAfter(admin.page, () => admin.page.getByRole("button", { name: "Ask for consent by email" }).click());
      await ask();
      await admin.page.getByText("The email asking for consent is on its way.").waitFor();
      // Asking again the same day sends nothing more.
      await ask();
      await admin.page.getByText("already asked today").waitFor();

      const mail = await waitForMail({ to: parent.email, subject: "Your consent is needed", since, timeoutMs: 20_000 });
      expect(mail.subject).toContain(young.name);
      expectNothingSecret(`${mail.text}${mail.html}`);
      // The link is the centre's own address: nothing to choose there.
      const link = linksIn(mail).find((url) => url.startsWith(`${web.url}/c/${centre.slug}`));
      if (!link) throw new Error(`no sign-in link in ${mail.text}`);

      const page = await context.newPage();
      await page.goto(link);
      const form = page.locator("form").filter({ has: page.locator('input[name="mode"][value="password"]') });
      await form.getByLabel("Email").fill(parent.email);
      await form.getByLabel("Password").fill(parent.password);
      await landingAfter(page, () => form.getByRole("button").click());
      expect(new URL(page.url()).pathname).toBe("/home");
      const card = page.locator(`#child-${young.id}`);
      await card.getByRole("button", { name: "Give consent" }).click();
      // "not yet given" holds the word too: wait for the badge that says only "given".
      await card.locator(".badge", { hasText: /^\s*given\s*$/ }).waitFor();

      const consentMails = (await mailTo(parent.email)).filter((one) => one.subject.includes("consent"));
      expect(consentMails).toHaveLength(1);
      // Once consent is given there is nothing to ask.
      await admin.page.goto(`${web.url}/people/${young.id}`);
      expect(await admin.page.locator("[data-consent]").textContent()).toContain("given");
      expect(await admin.page.getByRole("button", { name: "Ask for consent by email" }).count()).toBe(0);
    } finally {
      await Promise.all([context.close(), admin.context.close()]);
    }
  }, 60_000);
});
