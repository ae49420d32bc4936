import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright";
import { verifyPin } from "../../src/platform/crypto";
import { db } from "../../src/platform/db";
import { launchBrowser } from "../support/browser";
import {
  E2E_WEB_ENV,
  expectSignedOut,
  landingAfter,
  openContext,
  signedInPage,
  signIn,
  signInForm,
  visit,
} from "../support/browser-session";
import { type Centre, createCentre, dateOfBirthForAge, type PasswordPerson } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

let web: RunningProcess;
let browser: Browser;
let fixture: Centre;
let admin: { context: BrowserContext; page: Page };

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ timeZone: "Europe/London" }),
  ]);
  admin = await signedInPage(browser, web.url, fixture, fixture.people.centre_admin);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

const tag = crypto.randomUUID().slice(0, 6).toUpperCase();
const newStudent = { name: `Nia New ${tag}`, code: `NS-${tag}`, dateOfBirth: dateOfBirthForAge(10) };
const invited = { name: `Ian Invited ${tag}`, email: `ian-${tag.toLowerCase()}@e2e.example.org`, password: "" };
let studentId = "";

/** The one-time secret (PIN or link) on the page shown right after creating it. */
function secretOn(page: Page): Promise<string> {
  return page
    .locator("[data-secret]")
    .textContent()
    .then((text) => (text ?? "").trim());
}

/** A form post made by hand with the admin's cookie and CSRF token: what a crafted request looks like. */
async function craftedPost(path: string, form: Record<string, string>): Promise<number> {
  const csrf = await admin.page.locator('input[name="_csrf"]').first().inputValue();
  const response = await admin.context.request.post(`${web.url}${path}`, {
    form: { ...form, _csrf: csrf },
    headers: { origin: web.url },
    maxRedirects: 0,
  });
  return response.status();
}

describe("people admin, as a centre admin", () => {
  test("creates a student and sees the PIN once", async () => {
    const { page } = admin;
    await visit(page, web.url, "/people");
    await landingAfter(page, () => page.getByRole("link", { name: "Add a student" }).click());
    await page.getByLabel("Full name").fill(newStudent.name);
    await page.getByLabel("Student code").fill(newStudent.code);
    await page.getByLabel("Date of birth").fill(newStudent.dateOfBirth);
    const created = await landingAfter(page, () => page.getByRole("button", { name: "Create student" }).click());
    expect(created.status()).toBe(201);
    await page.getByRole("heading", { name: "Student created" }).waitFor();
    const pin = await secretOn(page);
    expect(pin).toMatch(/^\d{6}$/);

    const row = await db
      .selectFrom("users")
      .select(["id", "pin_hash"])
      .where("centre_id", "=", fixture.id)
      .where("student_code", "=", newStudent.code)
      .executeTakeFirstOrThrow();
    studentId = row.id;
    expect(await verifyPin(pin, row.pin_hash ?? "")).toBe(true);

    // Not shown again: the student's page has no PIN on it.
    await visit(page, web.url, `/people/${studentId}`);
    expect(await page.textContent("main")).not.toContain(pin);
    expect(await page.locator("[data-secret]").count()).toBe(0);
  }, 20_000);

  test("invites a parent, who sets a password from the link and signs in", async () => {
    const { page } = admin;
    await visit(page, web.url, "/people/invite");
    await page.getByLabel("Full name").fill(invited.name);
    await page.getByLabel("Email").fill(invited.email);
    await page.getByLabel("Role").selectOption("parent");
    const ready = await landingAfter(page, () => page.getByRole("button", { name: "Create invitation" }).click());
    expect(ready.status()).toBe(201);
    const link = await secretOn(page);
    expect(link.startsWith(`${web.url}/invite/`)).toBe(true);

    const context = await openContext(browser);
    try {
      const guest = await context.newPage();
      await guest.goto(link);
      expect(await guest.textContent("main")).toContain(invited.name);
      invited.password = `a fresh password ${tag}`;
      await guest.getByLabel("New password").fill(invited.password);
      await guest.getByLabel("Repeat the password").fill(invited.password);
      await landingAfter(guest, () => guest.getByRole("button", { name: "Save password" }).click());
      expect(new URL(guest.url()).pathname).toBe(`/c/${fixture.slug}`);

      const person: PasswordPerson = {
        kind: "password",
        id: "",
        role: "parent",
        name: invited.name,
        email: invited.email,
        password: invited.password,
        centreId: fixture.id,
      };
      await signIn(guest, web.url, fixture, person);
      expect(new URL(guest.url()).pathname).toBe("/home");
      await guest.getByRole("heading", { level: 1, name: `Hello, ${invited.name}` }).waitFor();

      // The link worked once.
      const again = await visit(guest, web.url, new URL(link).pathname);
      expect(again.status()).toBe(404);
    } finally {
      await context.close();
    }
  }, 25_000);

  test("finds the student by code and links the invited parent", async () => {
    const { page } = admin;
    await visit(page, web.url, "/people");
    await page.waitForFunction(() => "htmx" in globalThis);
    expect(await page.locator("#people-results tbody tr").count()).toBeGreaterThan(1);
    // Typing searches as you go (htmx swaps the results in); no button is pressed.
    await page.getByLabel("Search").fill(newStudent.code);
    const rows = page.locator("#people-results tbody tr");
    await rows.nth(1).waitFor({ state: "detached" });
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(newStudent.name);
    expect(new URL(page.url()).searchParams.get("q")).toBe(newStudent.code);
    const result = page.locator("#people-results").getByRole("link", { name: newStudent.name });
    await landingAfter(page, () => result.click());
    expect(new URL(page.url()).pathname).toBe(`/people/${studentId}`);

    await page.getByLabel("Link a parent").selectOption({ label: invited.name });
    await landingAfter(page, () => page.getByRole("button", { name: "Link", exact: true }).click());
    const parents = page.locator("section", { has: page.getByRole("heading", { name: "Parents" }) });
    await parents.getByRole("link", { name: invited.name }).waitFor();

    const context = await openContext(browser);
    try {
      const parentPage = await context.newPage();
      const person: PasswordPerson = {
        ...fixture.people.parent,
        name: invited.name,
        email: invited.email,
        password: invited.password,
      };
      await signIn(parentPage, web.url, fixture, person);
      const card = parentPage.locator(`#child-${studentId}`);
      expect(await card.locator("h3").textContent()).toBe(newStudent.name);
      expect(await card.getByRole("button", { name: "Give consent" }).count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 20_000);

  test("disabling the tutor ends their open session at once", async () => {
    const tutor = await signedInPage(browser, web.url, fixture, fixture.people.tutor);
    try {
      const { page } = admin;
      await visit(page, web.url, `/people/${fixture.people.tutor.id}`);
      // Disabling asks first, in a dialog naming the tutor.
      await page.getByRole("button", { name: "Disable" }).click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.textContent()).toContain(fixture.people.tutor.name);
      await landingAfter(page, () => dialog.getByRole("button", { name: "Disable the account" }).click());
      expect(await page.locator(".flash[role=status]").textContent()).toContain("was disabled");
      await page.getByRole("button", { name: "Enable" }).waitFor();
      expect(await page.locator("dl.details").textContent()).toContain("disabled");

      await expectSignedOut(tutor.page, web.url, fixture.people.tutor.name);
      const retry = await signIn(tutor.page, web.url, fixture, fixture.people.tutor);
      expect(retry.status()).toBe(401);
      expect(await signInForm(tutor.page, "password").count()).toBe(1);
      expect(await tutor.page.getByRole("alert").textContent()).toContain("do not match an active account");
    } finally {
      await tutor.context.close();
    }
  }, 20_000);

  test("the tier rule: no controls for the owner, and crafted posts are refused", async () => {
    const { page } = admin;
    await visit(page, web.url, `/people/${fixture.people.centre_owner.id}`);
    await page.getByRole("heading", { level: 1, name: fixture.people.centre_owner.name }).waitFor();
    expect(await page.getByRole("heading", { name: "Actions" }).count()).toBe(0);
    expect(await page.locator("form[action$='/role'], form[action$='/disable']").count()).toBe(0);

    expect(await craftedPost(`/people/${fixture.people.centre_owner.id}/role`, { role: "tutor" })).toBe(403);
    expect(await craftedPost(`/people/${fixture.people.centre_owner.id}/disable`, {})).toBe(403);
    // Nor can an admin raise someone to their own tier or above.
    expect(await craftedPost(`/people/${fixture.people.head_tutor.id}/role`, { role: "centre_admin" })).toBe(403);
    expect(await craftedPost(`/people/${fixture.people.head_tutor.id}/role`, { role: "centre_owner" })).toBe(403);

    const roles = await db
      .selectFrom("users")
      .select(["id", "role", "status"])
      .where("id", "in", [fixture.people.centre_owner.id, fixture.people.head_tutor.id])
      .execute();
    expect(roles.find((row) => row.id === fixture.people.centre_owner.id)).toMatchObject({
      role: "centre_owner",
      status: "active",
    });
    expect(roles.find((row) => row.id === fixture.people.head_tutor.id)?.role).toBe("head_tutor");

    // The same crafted post for someone below the admin goes through: the 403s above are the tier rule.
    expect(await craftedPost(`/people/${fixture.people.head_tutor.id}/role`, { role: "tutor" })).toBe(303);
  }, 20_000);
});
