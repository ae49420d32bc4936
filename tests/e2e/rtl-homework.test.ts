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

interface Layout {
  inwardArrows: string[];
  lang: string;
  dir: string;
  overlaps: string[];
  outside: string[];
  scrollsSideways: boolean;
  nav: { brandRight: number; headerRight: number; linkLefts: number[]; linkTops: number[] } | null;
}

/**
 * In the page: the layout facts to judge. Text-bearing leaves are elements with text of their
 * own, measured by the boxes of that text (a Range), so a block's empty width does not count;
 * a pair where one element contains the other is not an overlap. Plain JavaScript in a string,
 * because the DOM types are not part of this project's TypeScript setup.
 */
const MEASURE = `(() => {
  const visible = (element) => {
    for (let node = element; node && node !== document; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden") return false;
      if (node.classList.contains("visually-hidden") || node.classList.contains("skip-link")) return false;
    }
    return true;
  };
  const describe = (element) => "<" + element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
    (element.className && typeof element.className === "string" ? "." + element.className.split(" ").join(".") : "") + "> " +
    (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  const leaves = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "TEMPLATE"].includes(element.tagName)) continue;
    const texts = [...element.childNodes].filter((node) => node.nodeType === 3 && node.textContent.trim() !== "");
    const control = ["BUTTON", "INPUT", "SELECT", "TEXTAREA"].includes(element.tagName) && element.type !== "hidden";
    if (texts.length === 0 && !control) continue;
    if (!visible(element)) continue;
    let rect;
    if (control) rect = element.getBoundingClientRect();
    else {
      const range = document.createRange();
      range.setStartBefore(texts[0]);
      range.setEndAfter(texts[texts.length - 1]);
      const boxes = [...range.getClientRects()].filter((box) => box.width > 0 && box.height > 0);
      if (boxes.length === 0) continue;
      rect = {
        left: Math.min(...boxes.map((b) => b.left)), right: Math.max(...boxes.map((b) => b.right)),
        top: Math.min(...boxes.map((b) => b.top)), bottom: Math.max(...boxes.map((b) => b.bottom)),
        boxes,
      };
    }
    if (rect.right - rect.left < 1 || rect.bottom - rect.top < 1) continue;
    leaves.push({ element, rect, boxes: rect.boxes ?? [rect] });
  }
  const overlaps = [];
  const tolerance = 1;
  const cross = (a, b) => a.left + tolerance < b.right && b.left + tolerance < a.right &&
    a.top + tolerance < b.bottom && b.top + tolerance < a.bottom;
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i], b = leaves[j];
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      if (!cross(a.rect, b.rect)) continue;
      // Wrapped inline text: compare the line boxes themselves, not their bounding rectangle.
      if (a.boxes.some((x) => b.boxes.some((y) => cross(x, y))))
        overlaps.push(describe(a.element) + " overlaps " + describe(b.element));
    }
  }
  const width = document.documentElement.clientWidth;
  const outside = leaves
    .filter(({ rect }) => rect.left < -tolerance || rect.right > width + tolerance)
    .map(({ element, rect }) => describe(element) + " at " + Math.round(rect.left) + ".." + Math.round(rect.right));
  const header = document.querySelector(".site-header");
  const brand = document.querySelector(".site-header .brand");
  const links = [...document.querySelectorAll("nav.site-nav a")].map((a) => a.getBoundingClientRect());
  const nav = header && brand ? {
    brandRight: brand.getBoundingClientRect().right,
    headerRight: header.getBoundingClientRect().right - parseFloat(getComputedStyle(header).paddingRight),
    linkLefts: links.map((r) => r.left),
    linkTops: links.map((r) => r.top),
  } : null;
  // "← back" and "next →" are left-to-right idioms: right to left, back is "→ back" and next "next ←".
  const inwardArrows = leaves
    .map(({ element }) => (element.textContent || "").trim())
    .filter((text) => text.startsWith("←") || text.endsWith("→"));
  return {
    inwardArrows,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    overlaps,
    outside,
    scrollsSideways: document.documentElement.scrollWidth > width + tolerance,
    nav,
  };
})()`;

/** Every check on the page as it stands, at each viewport; problems are collected, not thrown. */
async function checkPage(label: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const where = `${label} (${viewport.name})`;
    const layout = (await page.evaluate(MEASURE)) as Layout;
    if (layout.lang !== "ar" || layout.dir !== "rtl")
      problems.push(`${where}: <html lang=${layout.lang} dir=${layout.dir}>`);
    for (const overlap of layout.overlaps) problems.push(`${where}: ${overlap}`);
    for (const outside of layout.outside) problems.push(`${where}: outside the viewport: ${outside}`);
    if (layout.scrollsSideways) problems.push(`${where}: the page scrolls sideways`);
    for (const text of layout.inwardArrows) problems.push(`${where}: an arrow points the left-to-right way: "${text}"`);
    if (!layout.nav) problems.push(`${where}: no site header`);
    else {
      // The header starts on the right: the brand sits at its right edge, the links run leftwards.
      if (Math.abs(layout.nav.brandRight - layout.nav.headerRight) > 2)
        problems.push(
          `${where}: the brand ends at ${layout.nav.brandRight}, not the header's right ${layout.nav.headerRight}`,
        );
      const { linkLefts, linkTops } = layout.nav;
      for (let i = 1; i < linkLefts.length; i++)
        if (linkTops[i] === linkTops[i - 1] && (linkLefts[i] as number) >= (linkLefts[i - 1] as number))
          problems.push(`${where}: nav link ${i + 1} is right of link ${i}: the navigation runs left to right`);
    }
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
