import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright";
import { exercisesForLessons } from "../../src/modules/courses/service";
import { assignHomework, gradeSubmission } from "../../src/modules/homework/service";
import { db } from "../../src/platform/db";
import { axeViolations } from "../support/accessibility";
import { contextWithSession, launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter } from "../support/browser-session";
import { actorFor, type Centre, createCentre, demoCourse, signedInAs } from "../support/fixtures";
import { layoutProblems } from "../support/layout";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * Acceptance 2 of issue 12: a student in an Arabic centre does their homework in Chromium, from
 * the list to the marked result. Every page is right to left (`dir`), its text boxes do not
 * overlap, nothing spills past the viewport's sides, the main navigation starts on the right,
 * arrows ("→ back") point the right-to-left way, and axe-core finds nothing, at a desktop and a
 * phone width. The student's path is found by addresses and form fields, never by English
 * labels, since the page is in Arabic. Screenshots are left in $DATA_DIR/rtl-homework.
 */

let web: RunningProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let centre: Centre;
let homeworkId = "";
let freeResponseId = "";
const problems: string[] = [];
const SCREENSHOTS = join(process.env.DATA_DIR ?? ".data", "rtl-homework");

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [web, browser, centre] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ label: "rtl", locale: "ar", timeZone: "Asia/Riyadh" }),
  ]);
  await db.updateTable("users").set({ name: "سارة أحمد" }).where("id", "=", centre.people.student.id).execute();
  const work = await demoCourse(centre);
  // The first lesson's multiple-choice, short-answer and free-response questions.
  const exercises = (await exercisesForLessons(centre.id, [work.lessonId])).filter(
    (exercise) => exercise.kind !== "worksheet",
  );
  freeResponseId = exercises.find((exercise) => exercise.kind === "free_response")?.id as string;
  homeworkId = await assignHomework(await actorFor(centre.people.tutor), {
    title: "واجب الكسور",
    instructions: "أجب عن كل الأسئلة.",
    kind: "exercises",
    classId: work.classId,
    studentId: centre.people.student.id,
    lessonId: work.lessonId,
    exerciseIds: exercises.map((exercise) => exercise.id),
    pages: null,
    outOf: null,
    dueAt: new Date(Date.now() + 3 * 86_400_000),
  });
  const student = await signedInAs({ ...centre.people.student, name: "سارة أحمد" });
  context = await contextWithSession(browser, student.cookie, web.url);
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await web?.stop();
});

/** Every check on the page as it stands, at each viewport; problems are collected, not thrown. */
async function checkPage(label: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const where = `${label} (${viewport.name})`;
    problems.push(...(await layoutProblems(page, where, { lang: "ar", dir: "rtl" })));
    await page.screenshot({
      path: join(SCREENSHOTS, `${label.replace(/\W+/g, "-")}-${viewport.name}.png`),
      fullPage: true,
    });
  }
  problems.push(...(await axeViolations(page, label)), ...(await lesserAxeViolations(label)));
}

/** axe-core's moderate and minor findings too (axeViolations reports the serious and critical). */
async function lesserAxeViolations(label: string): Promise<string[]> {
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  })) as { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  return violations
    .filter((violation) => violation.impact !== "serious" && violation.impact !== "critical")
    .map(
      (violation) =>
        `${label}: [${violation.impact}] ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

async function open(path: string, label: string): Promise<void> {
  const response = await landingAfter(page, () => page.goto(`${web.url}${path}`));
  expect(response.status()).toBe(200);
  await checkPage(label);
}

async function follow(selector: string, label: string): Promise<void> {
  await landingAfter(page, () => page.locator(selector).first().click());
  await checkPage(label);
}

describe("a student's homework in Arabic, right to left", () => {
  test("list → open → answer each question → hand in → marked result", async () => {
    await open("/my-homework", "homework list");
    await follow(`main a[href="/my-homework/${homeworkId}"]`, "homework (open)");
    await follow(`main a[href="/homework/${homeworkId}/questions/1"]`, "question 1");
    await page.waitForFunction(() => "htmx" in globalThis);

    for (let n = 1; ; n++) {
      expect(new URL(page.url()).pathname).toBe(`/homework/${homeworkId}/questions/${n}`);
      const question = page.locator("#question");
      if ((await question.locator("input[type=radio]").count()) > 0)
        await question.locator("input[type=radio]").nth(1).check();
      else await question.locator("[name=response]").fill(n === 1 ? "٢/٤" : "لأن البسط والمقام تضاعفا معًا.");
      if (n > 1) await checkPage(`question ${n}`);
      const review = question.locator("button[value=review]:not([hidden])");
      if ((await review.count()) > 0) {
        await landingAfter(page, () => review.click());
        break;
      }
      await question.locator("button[value=next]:not([hidden])").click();
      await page.waitForURL(`**/homework/${homeworkId}/questions/${n + 1}`);
      await page.locator("#question-heading:focus").waitFor();
    }

    expect(new URL(page.url()).pathname).toBe(`/homework/${homeworkId}/submit`);
    await checkPage("hand-in confirmation");
    await landingAfter(page, () => page.locator(`form[action="/homework/${homeworkId}/submit"] button`).click());
    expect(new URL(page.url()).pathname).toBe(`/my-homework/${homeworkId}`);
    await checkPage("homework (handed in)");

    const submission = await db
      .selectFrom("submissions")
      .select("id")
      .where("homework_id", "=", homeworkId)
      .where("student_id", "=", centre.people.student.id)
      .executeTakeFirstOrThrow();
    await gradeSubmission(await actorFor(centre.people.tutor), submission.id, {
      answers: { [freeResponseId]: { points: "2", feedback: "شرح واضح، أحسنت." } },
      overall: "",
      feedback: "عمل جيد.",
    });
    await open(`/my-homework/${homeworkId}`, "homework (marked)");
    await open("/my-homework", "homework list (marked)");

    expect(problems).toEqual([]);
  }, 120_000);
});
