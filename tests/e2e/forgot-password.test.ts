import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright";
import { hashToken, newToken } from "../../src/modules/people/tokens";
import { db } from "../../src/platform/db";
import { launchBrowser } from "../support/browser";
import {
  E2E_WEB_ENV,
  expectSignedOut,
  landingAfter,
  openContext,
  signedInPage,
  signInForm,
  visit,
} from "../support/browser-session";
import { addPerson, anonymousCredentials, type Centre, createCentre, type PasswordPerson } from "../support/fixtures";
import { linksIn, waitForMail } from "../support/mailbox";
import { type RunningProcess, startWebServer, startWorker } from "../support/processes";

/**
 * Acceptance 2 of issue 13: "Forgot your password?" end to end through the real SMTP server
 * (scripts/test.sh starts it), the same answer and timing for an unknown address as a known one,
 * used and expired links refused, old sessions signed out, and the per-address limit.
 */

let web: RunningProcess;
let worker: { stop(): Promise<void> };
let browser: Browser;
let centre: Centre;

beforeAll(async () => {
  [web, browser, centre] = await Promise.all([
    startWebServer(E2E_WEB_ENV, 40_000),
    launchBrowser(),
    createCentre({ label: "forgot" }),
  ]);
  // Links in emails are made by the worker: they must point at this web process.
  worker = startWorker({ PUBLIC_URL: web.url });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([worker?.stop(), web?.stop()]);
});

const NEW_PASSWORD = "a fresh password for 2026";

/** One POST of the form, as a browser without JavaScript sends it; returns the status, the body and the time it took. */
async function askForLink(email: string, centreSlug = centre.slug) {
  const visitor = anonymousCredentials();
  const started = performance.now();
  const response = await fetch(`${web.url}/forgot-password`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: visitor.cookie, origin: web.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: visitor.csrfToken, centre: centreSlug, email }),
  });
  const body = await response.text();
  return {
    status: response.status,
    body,
    ms: performance.now() - started,
    retryAfter: response.headers.get("retry-after"),
  };
}

/** The page's main text with the typed address taken out: what must not differ between two addresses. */
function answerWithout(body: string, email: string): string {
  const main = /<main\b[\s\S]*<\/main>/.exec(body)?.[0] ?? body;
  return main.replaceAll(email, "<email>");
}

async function resetLinkFor(person: PasswordPerson, since: Date): Promise<string> {
  const mail = await waitForMail({ to: person.email, subject: "Choose a new password", since, timeoutMs: 20_000 });
  expect(mail.text).toContain(person.name);
  expect(mail.text).toContain(centre.name);
  expect(mail.html).toContain(centre.name);
  const link = linksIn(mail).find((url) => url.startsWith(`${web.url}/reset/`));
  if (!link) throw new Error(`no reset link in ${mail.text}`);
  return link;
}

async function choosePassword(page: Page, password: string) {
  await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password", { exact: true }).fill(password);
  return landingAfter(page, () => page.getByRole("button", { name: "Save password" }).click());
}

describe("forgot password, end to end", () => {
  test("a parent asks on the sign-in page, follows the emailed link, chooses a password; old sessions end", async () => {
    const parent = await addPerson(centre, "parent");
    const old = await signedInPage(browser, web.url, centre, parent);
    const context = await openContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${web.url}/c/${centre.slug}`);
      const since = new Date(Date.now() - 1000);
      await landingAfter(page, () => page.getByRole("link", { name: "Forgot your password?" }).click());
      // The centre's page led here: the request is for that centre, with nothing to choose.
      await page.getByText(`We will look for your account at ${centre.name}.`).waitFor();
      await page.getByLabel("Email").fill(parent.email);
      await landingAfter(page, () => page.getByRole("button", { name: "Email me a link" }).click());
      await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();

      const link = await resetLinkFor(parent, since);
      // Only the token's hash is stored, and the link lasts 30 minutes.
      const token = new URL(link).pathname.split("/").pop() as string;
      const row = await db
        .selectFrom("user_tokens")
        .select(["user_id", "created_at", "expires_at", "created_by"])
        .where("token_hash", "=", hashToken(token))
        .executeTakeFirstOrThrow();
      expect(row.user_id).toBe(parent.id);
      expect(row.created_by).toBeNull();
      expect(Math.round((row.expires_at.getTime() - row.created_at.getTime()) / 60_000)).toBe(30);

      await page.goto(link);
      const saved = await choosePassword(page, NEW_PASSWORD);
      expect(new URL(saved.url()).pathname).toBe(`/c/${centre.slug}`);
      await page.getByText("Your password is set").waitFor();
      await signInForm(page, "password").getByLabel("Email").fill(parent.email);
      await signInForm(page, "password").getByLabel("Password").fill(NEW_PASSWORD);
      await landingAfter(page, () => signInForm(page, "password").getByRole("button").click());
      expect(new URL(page.url()).pathname).toBe("/home");

      // The session opened before the reset is gone.
      await expectSignedOut(old.page, web.url, parent.name);

      // The link works once.
      const again = await visit(page, web.url, new URL(link).pathname);
      expect(again.status()).toBe(404);
      expect(await page.textContent("main")).toContain("expired or was already used");
      const post = await fetch(link, { method: "POST", redirect: "manual" });
      expect(post.status).toBeGreaterThanOrEqual(400);
      expect(post.status).toBeLessThan(500);
    } finally {
      await Promise.all([context.close(), old.context.close()]);
    }
  }, 60_000);

  test("an expired link is refused", async () => {
    const parent = await addPerson(centre, "parent");
    const { token, hash } = newToken();
    await db
      .insertInto("user_tokens")
      .values({
        centre_id: centre.id,
        user_id: parent.id,
        purpose: "password_reset",
        token_hash: hash,
        created_by: null,
        expires_at: new Date(Date.now() - 60_000),
      })
      .execute();
    const response = await fetch(`${web.url}/reset/${token}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("expired or was already used");
  });

  test("an unknown address gets the same answer as a known one, in the same time", async () => {
    // Each known address is asked twice at most, inside the per-address limit.
    const parents = await Promise.all(Array.from({ length: 10 }, () => addPerson(centre, "parent")));
    const unknown = () => `nobody-${crypto.randomUUID().slice(0, 8)}@fixture.example.org`;
    // Warm up both paths (JIT, connections) before measuring.
    for (const parent of parents.slice(0, 2)) {
      await askForLink(parent.email);
      await askForLink(unknown());
    }
    const known: number[] = [];
    const missing: number[] = [];
    const answers = new Set<string>();
    for (let round = 0; round < 16; round++) {
      const parent = parents[2 + (round % 8)] as PasswordPerson;
      const address = unknown();
      // Alternate which goes first, so drift in the machine's load falls on both alike.
      const pair =
        round % 2 === 0
          ? [await askForLink(parent.email), await askForLink(address)]
          : [await askForLink(address), await askForLink(parent.email)].reverse();
      const [mine, nobody] = pair as [Awaited<ReturnType<typeof askForLink>>, Awaited<ReturnType<typeof askForLink>>];
      expect([mine.status, nobody.status]).toEqual([200, 200]);
      answers.add(answerWithout(mine.body, parent.email));
      answers.add(answerWithout(nobody.body, address));
      known.push(mine.ms);
      missing.push(nobody.ms);
    }
    expect(answers.size).toBe(1);
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return ((sorted[7] as number) + (sorted[8] as number)) / 2;
    };
    const spread = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return (sorted[12] as number) - (sorted[3] as number);
    };
    const difference = Math.abs(median(known) - median(missing));
    console.log(
      `forgot-password timing over 16 pairs: known median ${median(known).toFixed(1)} ms (IQR ${spread(known).toFixed(1)}), ` +
        `unknown median ${median(missing).toFixed(1)} ms (IQR ${spread(missing).toFixed(1)}), difference ${difference.toFixed(1)} ms`,
    );
    // Within noise: no more apart than the requests' own spread (and a few milliseconds on a quiet machine).
    expect(difference).toBeLessThanOrEqual(Math.max(5, spread(known), spread(missing)));
    // The known addresses were emailed; that work happened in the worker, not in the request.
    await waitForMail({
      to: (parents[2] as PasswordPerson).email,
      subject: "Choose a new password",
      timeoutMs: 20_000,
    });
  }, 90_000);

  test("the fourth request for one address in 15 minutes is refused with 429, known or not", async () => {
    const parent = await addPerson(centre, "parent");
    for (const address of [parent.email, `nobody-${crypto.randomUUID().slice(0, 8)}@fixture.example.org`]) {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await askForLink(address)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await askForLink(address);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(15 * 60);
      expect(refused.body).toContain("Too many reset requests for this email address");
      // The same address in another letter case is the same address.
      expect((await askForLink(address.toUpperCase())).status).toBe(429);
    }
    // Another address is not affected.
    expect((await askForLink(`other-${crypto.randomUUID().slice(0, 8)}@fixture.example.org`)).status).toBe(200);
  });

  test("bad input gets the form back with a message, never a 500", async () => {
    const badEmail = await askForLink("not-an-email");
    expect(badEmail.status).toBe(422);
    expect(badEmail.body).toContain("Enter the email address you sign in with");
    const badCentre = await askForLink("someone@fixture.example.org", "no-such-centre");
    expect(badCentre.status).toBe(422);
    expect(badCentre.body).toContain("That centre is not known here. Start again from your centre&#39;s sign-in page.");
  });
});
