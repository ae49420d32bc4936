import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright";
import { addMember } from "../../src/modules/classes/service";
import { exercisesForLessons } from "../../src/modules/courses/service";
import { assignHomework } from "../../src/modules/homework/service";
import { reissueBadge } from "../../src/modules/kiosk/badges";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter } from "../support/browser-session";
import {
  actorFor,
  addStudents,
  type Centre,
  classWith,
  createCentre,
  demoCourse,
  type Person,
  signedInAs,
} from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Issue 14, the friction parts in Chromium: a save shows a flash (acceptance 4, five forms), a
 * destructive button asks in a dialog with JavaScript and on a page without it, the homework
 * question page shows exactly one "Next" with and without JavaScript (acceptance 6), and a class's
 * badge sheet prints eight to an A4 page.
 */

let web: RunningProcess;
let browser: Browser;
let centre: Centre;
let homeworkId = "";
let questionCount = 0;
const contexts: BrowserContext[] = [];

/** A page signed in as this person, with or without JavaScript. */
async function pageAs(person: Person, javaScriptEnabled = true): Promise<Page> {
  const { cookie } = await signedInAs(person);
  const context = await browser.newContext({ javaScriptEnabled });
  context.setDefaultTimeout(10_000);
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: web.url }]);
  contexts.push(context);
  return context.newPage();
}

async function flashOf(page: Page): Promise<string> {
  return (await page.locator("main .flash[role=status]").textContent()) ?? "";
}

beforeAll(async () => {
  [web, browser, centre] = await Promise.all([
    // A generous start: the machine these run on is shared.
    startWebServer(E2E_WEB_ENV, 60_000),
    launchBrowser(),
    createCentre({ label: "friction" }),
  ]);
  const work = await demoCourse(centre);
  const exercises = (await exercisesForLessons(centre.id, [work.lessonId])).filter((row) => row.kind !== "worksheet");
  questionCount = exercises.length;
  homeworkId = await assignHomework(await actorFor(centre.people.tutor), {
    title: "Friction homework",
    instructions: "Answer every question.",
    kind: "exercises",
    classId: work.classId,
    studentId: centre.people.student.id,
    lessonId: work.lessonId,
    exerciseIds: exercises.map((exercise) => exercise.id),
    pages: null,
    outOf: null,
    dueAt: new Date(Date.now() + 3 * 86_400_000),
  });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await web?.stop();
});

describe("a flash after every save (five forms)", () => {
  test("the centre's PIN length, a person's role, homework details and due date, a class member's removal", async () => {
    const page = await pageAs(centre.people.centre_owner);

    await page.goto(`${web.url}/settings`);
    await landingAfter(page, () => page.locator("form[action='/settings/pin-length'] button[type=submit]").click());
    expect(await flashOf(page)).toBe("Saved.");
    // Shown once: the next page has no flash.
    await page.reload();
    expect(await page.locator("main .flash").count()).toBe(0);

    const [someone] = await addStudents(centre, ["Flash Student"]);
    await page.goto(`${web.url}/people/${centre.people.tutor.id}`);
    await page.locator("form[action$='/role'] select").selectOption("head_tutor");
    await landingAfter(page, () => page.locator("form[action$='/role'] button[type=submit]").click());
    expect(await flashOf(page)).toBe("Saved.");

    await page.goto(`${web.url}/homework/${homeworkId}`);
    await page.locator("form[action$='/edit'] input[name=title]").fill("Friction homework, edited");
    await landingAfter(page, () => page.locator("form[action$='/edit'] button[type=submit]").click());
    expect(await flashOf(page)).toBe("Saved.");

    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "Flash class" });
    await addMember(await actorFor(centre.people.centre_admin), classId, (someone as Person).id);
    await page.goto(`${web.url}/classes/${classId}`);
    await page.locator(`form[action$='/members/${someone?.id}/remove'] button`).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByRole("heading").textContent()).toBe("Remove Flash Student from Flash class?");
    await landingAfter(page, () => dialog.getByRole("button", { name: "Remove from the class" }).click());
    expect(await flashOf(page)).toBe("Flash Student was removed from Flash class.");

    await page.goto(`${web.url}/homework/${homeworkId}`);
    const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 16);
    await page.locator("form[action$='/extend'] input[name=dueAt]").fill(due);
    await landingAfter(page, () => page.locator("form[action$='/extend'] button[type=submit]").click());
    expect(await flashOf(page)).toBe("Saved.");
  }, 60_000);
});

describe("destructive buttons ask first", () => {
  test("with JavaScript, Cancel closes the dialog and nothing happens", async () => {
    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "Kept class" });
    const page = await pageAs(centre.people.centre_admin);
    await page.goto(`${web.url}/classes/${classId}`);
    await page.locator(`form[action='/classes/${classId}/delete'] button`).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByRole("heading").textContent()).toBe("Delete the class Kept class?");
    await dialog.getByRole("link", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(new URL(page.url()).pathname).toBe(`/classes/${classId}`);
    await page.reload();
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toContain("Kept class");
  });

  test("without JavaScript, the button leads to a confirm page naming the class, whose button deletes it", async () => {
    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "Doomed class" });
    const page = await pageAs(centre.people.centre_admin, false);
    await page.goto(`${web.url}/classes/${classId}`);
    await landingAfter(page, () => page.locator(`form[action='/classes/${classId}/delete'] button`).click());
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Delete the class Doomed class?");
    expect(await page.getByRole("link", { name: "Cancel" }).getAttribute("href")).toBe(`/classes/${classId}`);
    await landingAfter(page, () => page.getByRole("button", { name: "Delete the class" }).click());
    expect(new URL(page.url()).pathname).toBe("/classes");
    expect(await flashOf(page)).toBe("The class Doomed class was deleted.");
  });
});

describe("exactly one Next on a homework question (acceptance 6)", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const page = await pageAs(centre.people.student, javaScriptEnabled);
      await page.goto(`${web.url}/homework/${homeworkId}/questions/1`);
      expect(await page.getByRole("button", { name: "Next", exact: true }).count()).toBe(1);
      expect(await page.locator("button:visible", { hasText: /^Next$/ }).count()).toBe(1);
      await page.goto(`${web.url}/homework/${homeworkId}/questions/${questionCount}`);
      expect(await page.getByRole("button", { name: "Review and hand in", exact: true }).count()).toBe(1);
      expect(await page.locator("button:visible", { hasText: "Review and hand in" }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Next", exact: true }).count()).toBe(0);
    });
  }
});

describe("badges print many to an A4 page", () => {
  test("a class of 20 prints on 3 pages: eight to a page", async () => {
    const students = await addStudents(
      centre,
      Array.from({ length: 20 }, (_, n) => `Badge Student ${n + 1}`),
    );
    const classId = await classWith(centre, { tutor: centre.people.tutor, name: "Badge class", members: students });
    const admin = await actorFor(centre.people.centre_admin);
    for (const student of students) await reissueBadge(admin, student.id);
    const page = await pageAs(centre.people.centre_admin);
    await page.goto(`${web.url}/kiosks/classes/${classId}/badges`);
    expect(await page.locator(".badge-card").count()).toBe(20);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    expect(pages).toBe(3);
  }, 30_000);
});
