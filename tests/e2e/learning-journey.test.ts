import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright";
import { localDate, localTime } from "../../src/platform/calendar";
import { accessibilityProblems, pressAccessKey } from "../support/accessibility";
import { launchBrowser } from "../support/browser";
import { E2E_WEB_ENV, landingAfter, openContext, signedInPage, signIn } from "../support/browser-session";
import { type Centre, createCentre, type Person } from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";

/**
 * The learning core end to end, in Chromium, through the real pages: a head tutor writes a
 * course, an admin sets up the class, the tutor takes the register and sets homework, a student
 * does it one question at a time, the tutor marks it from the queue, and the marks reach the
 * student (and the parent). Every page on the way gets an axe-core check and a Tab walk; the
 * student's questions and the marking screen are driven by the keyboard alone. The same core
 * steps then run again with JavaScript switched off.
 */

let web: RunningProcess;
let browser: Browser;
let fixture: Centre;
const contexts: BrowserContext[] = [];
/** One signed-in page per person and per JavaScript setting, reused from step to step. */
const pages = new Map<string, Page>();
/** Accessibility problems found on the way, reported together at the end. */
const problems: string[] = [];
const checkedPages = new Set<string>();

const tag = crypto.randomUUID().slice(0, 6);
const COURSE = `Forces and numbers ${tag}`;
const LESSON = "Lesson 1: warming up";
const CLASS = `Year 9 maths ${tag}`;
const HOMEWORK = "Warm-up homework";
const FREE_RESPONSE = "Explain in two sentences why a ship floats.";

/** Each exercise by its prompt: how it is authored and how the student answers it. */
const EXERCISES = [
  {
    kind: "Multiple choice",
    prompt: "Which of these is 2 + 2?",
    fields: { "Choice 1": "3", "Choice 2": "4", "Choice 3": "5" },
    correct: "Choice 2",
  },
  { kind: "Numeric", prompt: "What is 7 × 6?", fields: { Answer: "42", Tolerance: "0" } },
  { kind: "Short answer", prompt: "What is the capital of France?", fields: { "Accepted answers": "Paris" } },
  { kind: "Free response", prompt: FREE_RESPONSE, fields: { Points: "5" } },
] as const;

/** The student's answers: the multiple choice one is wrong on purpose. */
const ANSWERS: Record<string, string> = {
  "Which of these is 2 + 2?": "3",
  "What is 7 × 6?": "42",
  "What is the capital of France?": "  paris. ",
  [FREE_RESPONSE]: "It pushes aside water weighing as much as itself. The water pushes back up.",
};

let courseId = "";
let homeworkId = "";

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ timeZone: "Europe/London" }),
  ]);
}, 30_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await web?.stop();
});

async function as(person: Person): Promise<Page> {
  const known = pages.get(person.id);
  if (known) {
    await known.goto(`${web.url}/home`);
    return known;
  }
  const { context, page } = await signedInPage(browser, web.url, fixture, person);
  contexts.push(context);
  pages.set(person.id, page);
  return page;
}

/** axe-core and a Tab walk, once per kind of page (ids in the path do not make a new page). */
async function check(page: Page, label: string): Promise<void> {
  const shape = `${label} ${new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ":id")}`;
  if (checkedPages.has(shape)) return;
  checkedPages.add(shape);
  problems.push(...(await accessibilityProblems(page, label)));
}

function clickAndLand(page: Page, name: string | RegExp, role: "link" | "button" = "link") {
  return landingAfter(page, () =>
    page
      .getByRole(role, { name, exact: typeof name === "string" })
      .first()
      .click(),
  );
}

function idFrom(page: Page, pattern: RegExp): string {
  const match = new URL(page.url()).pathname.match(pattern);
  if (!match?.[1]) throw new Error(`${page.url()} does not match ${pattern}`);
  return match[1];
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, { backwards = false, limit = 40 } = {}): Promise<void> {
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const reached = await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`);
    if (reached) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

async function questionPrompt(page: Page): Promise<string> {
  await page.locator("#question h1").waitFor();
  const text = ((await page.locator("#question").textContent()) ?? "").replace(/\s+/g, " ");
  const prompt = Object.keys(ANSWERS).find((candidate) => text.includes(candidate.replace(/\s+/g, " ")));
  if (!prompt) throw new Error(`Unknown question: ${text}`);
  return prompt;
}

describe("the learning journey, with JavaScript", () => {
  test("the head tutor writes a course with a lesson and four kinds of exercise, and publishes them", async () => {
    const page = await as(fixture.people.head_tutor);
    await clickAndLand(page, "Courses");
    await check(page, "course list");
    await clickAndLand(page, "New course");
    await check(page, "new course form");
    await page.getByLabel("Title").fill(COURSE);
    await page.getByLabel("Summary").fill("Numbers, forces and a little writing.");
    await clickAndLand(page, "Create the course", "button");
    courseId = idFrom(page, /^\/courses\/([0-9a-f-]{36})$/);
    await check(page, "course page (author)");

    await clickAndLand(page, "Add a lesson");
    await page.getByLabel("Lesson title").fill(LESSON);
    await clickAndLand(page, "Add the lesson", "button");
    await check(page, "lesson editor");

    for (const exercise of EXERCISES) {
      await clickAndLand(page, "Add an exercise");
      await check(page, "exercise kind picker");
      await clickAndLand(page, exercise.kind);
      // The numeric and free response forms are built from the same parts as these two.
      if (exercise.kind === "Multiple choice" || exercise.kind === "Short answer")
        await check(page, `new ${exercise.kind} form`);
      await page.getByLabel("Question").fill(exercise.prompt);
      for (const [label, value] of Object.entries(exercise.fields))
        await page.getByLabel(label, { exact: true }).fill(value);
      if ("correct" in exercise) await page.getByLabel("Correct answer").selectOption({ label: exercise.correct });
      const landed = await clickAndLand(page, "Add the exercise", "button");
      expect(landed.status()).toBe(200);
      await page.locator("#exercises").getByText(exercise.prompt).waitFor();
    }
    expect(await page.locator("#exercises [data-exercise-id]").count()).toBe(4);

    await clickAndLand(page, COURSE);
    await page.getByRole("button", { name: `Publish ${LESSON}` }).click();
    await page.locator("#lessons .badge", { hasText: "Published" }).waitFor();
    await clickAndLand(page, "Publish", "button");
    await page.locator("#course .badge", { hasText: "Published" }).first().waitFor();
    await check(page, "course page (published)");
  });

  test("a centre admin enrols the student and creates the tutor's class with the student in it", async () => {
    const page = await as(fixture.people.centre_admin);
    await page.goto(`${web.url}/courses/${courseId}`);
    const student = fixture.people.student;
    await page
      .getByLabel("Student", { exact: true })
      .selectOption({ label: `${student.name} (${student.studentCode})` });
    await page.getByRole("button", { name: "Enrol" }).click();
    await page.locator(`#enrolments [data-student-id="${student.id}"]`).waitFor();
    await check(page, "course page (enrolments)");

    await page.goto(`${web.url}/classes/new`);
    await check(page, "new class form");
    const today = localDate(new Date(), "Europe/London");
    const weekday = new Date(`${today}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
    await page.getByLabel("Name").fill(CLASS);
    await page.getByLabel("Course").selectOption({ label: COURSE });
    await page.getByLabel("Tutor").selectOption({ label: fixture.people.tutor.name });
    await page.getByLabel("Day of the week").selectOption({ label: weekday });
    // Later today, so today's session is planned (only sessions still to start are) and open to a
    // register now, whatever time the suite runs (from 23:50 London time, the last minute of the day).
    const soon = localTime(new Date(Date.now() + 10 * 60_000), "Europe/London");
    await page.getByLabel("Start time").fill(soon < localTime(new Date(), "Europe/London") ? "23:59" : soon);
    await page.getByLabel("Room").fill("Room 4");
    await page.getByLabel("First week").fill(today);
    await clickAndLand(page, "Create class", "button");
    await page.getByText("Class created").waitFor();
    await page.getByRole("group", { name: "Add a student" }).getByLabel(student.name).check();
    await clickAndLand(page, "Add", "button");
    await page.locator(`[data-student-id="${student.id}"]`).waitFor();
    await check(page, "class page");
  });

  test("the tutor opens the class's session and takes attendance", async () => {
    const page = await as(fixture.people.tutor);
    await clickAndLand(page, "Classes");
    await check(page, "class list");
    await clickAndLand(page, CLASS);
    await page.locator("[data-session-id] a").first().click();
    await page.waitForURL(/\/timetable\/sessions\//);
    await page.waitForFunction(() => "htmx" in globalThis);
    const row = page.locator(`#attendance-${fixture.people.student.id}`);
    await row.getByLabel("Present").check();
    await row.locator(".badge", { hasText: "saved" }).waitFor();
    await check(page, "attendance register");
  });

  test("the tutor sets homework to the class with the lesson's four exercises", async () => {
    const page = await as(fixture.people.tutor);
    await clickAndLand(page, "Homework");
    await check(page, "homework list");
    await clickAndLand(page, "Set homework");
    await page.waitForFunction(() => "htmx" in globalThis);
    await check(page, "set homework (step one)");
    await page.getByLabel("Class", { exact: true }).selectOption({ label: `${CLASS} (${COURSE})` });
    await page.getByLabel("Lesson").locator("option", { hasText: LESSON }).waitFor({ state: "attached" });
    await page.getByLabel("Lesson").selectOption({ label: LESSON });
    await page.locator("input[name=exerciseIds]").nth(3).waitFor();
    for (const box of await page.locator("input[name=exerciseIds]").all()) await box.check();
    await page.getByLabel("Title").fill(HOMEWORK);
    await page.getByLabel("Instructions").fill("Do these before Friday's class.");
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Due").fill(`${due}T18:00`);
    await check(page, "set homework (step two)");
    await clickAndLand(page, "Set homework", "button");
    homeworkId = idFrom(page, /^\/homework\/([0-9a-f-]{36})$/);
    await page.getByRole("heading", { name: HOMEWORK }).waitFor();
    await check(page, "homework detail");
  });

  test("the student does the homework one question at a time, by keyboard alone, and hands it in", async () => {
    const page = await as(fixture.people.student);
    await clickAndLand(page, "My homework");
    await check(page, "my homework");
    await clickAndLand(page, HOMEWORK);
    await check(page, "my homework detail (open)");
    await clickAndLand(page, "Start");
    await page.waitForFunction(() => "htmx" in globalThis);
    await check(page, "question");

    const seen: string[] = [];
    for (let n = 1; n <= EXERCISES.length; n++) {
      await page.locator("#question h1", { hasText: `Question ${n} of ${EXERCISES.length}` }).waitFor();
      const prompt = await questionPrompt(page);
      seen.push(prompt);
      const answer = ANSWERS[prompt] as string;
      const isChoice = (await page.locator("#question input[type=radio]").count()) > 0;
      if (isChoice) {
        // The group takes focus on its first choice; arrow keys move and choose, Space chooses.
        await tabTo(page, "#question input[type=radio]");
        const choices = (await page.locator("#question fieldset label").allInnerTexts()).map((text) => text.trim());
        for (let move = 0; move < choices.indexOf(answer); move++) await page.keyboard.press("ArrowDown");
        await page.keyboard.press("Space");
      } else {
        await tabTo(page, "#question [name=response]");
        await page.keyboard.type(answer);
      }
      const oneLine = await page.locator("#question input[type=text]").count();
      if (n < EXERCISES.length) {
        // In a one-line answer Enter means "on to the next question", as in any form.
        if (!oneLine) await tabTo(page, "#question button[value=next]");
        await page.keyboard.press("Enter");
        await page.locator("#question h1", { hasText: `Question ${n + 1} of` }).waitFor();
        expect(new URL(page.url()).pathname).toBe(`/homework/${homeworkId}/questions/${n + 1}`);
        // The swap moves focus to the new question's heading, so the next Tab reaches its answer.
        await page.locator("#question-heading:focus").waitFor();
      } else {
        await tabTo(page, "#question button[value=review]");
        await landingAfter(page, () => page.keyboard.press("Enter"));
      }
    }
    expect(seen.sort()).toEqual(Object.keys(ANSWERS).sort());

    // Back to question 1 by keyboard from the hand-in page: the saved choice is still chosen.
    expect(new URL(page.url()).pathname).toBe(`/homework/${homeworkId}/submit`);
    await page.getByText("Every question has an answer.").waitFor();
    await check(page, "hand-in confirmation");
    // A second tab still showing a question, to see what its autosave does once the work is in.
    const stale = await page.context().newPage();
    await stale.goto(`${web.url}/homework/${homeworkId}/questions/${EXERCISES.length}`);
    await stale.waitForFunction(() => "htmx" in globalThis);

    await tabTo(page, `form[action="/homework/${homeworkId}/submit"] button`);
    await landingAfter(page, () => page.keyboard.press("Enter"));
    expect(new URL(page.url()).pathname).toBe(`/my-homework/${homeworkId}`);
    await page.locator(".badge", { hasText: "Handed in" }).waitFor();
    await check(page, "my homework detail (handed in)");

    // The refused save replaces the question with the reason, not squeezed into the "Saved" line.
    await stale.getByLabel("Your answer").fill("A change after handing in.");
    await stale.getByLabel("Your answer").blur();
    await stale.locator(".error-page", { hasText: "has been handed in" }).waitFor();
    expect(await stale.locator("#question").count()).toBe(0);
    await stale.close();
  });

  test("the tutor marks the free response from the queue, by keyboard alone", async () => {
    const page = await as(fixture.people.tutor);
    await clickAndLand(page, "Marking queue");
    await page.getByText("1 waiting to be marked").waitFor();
    await check(page, "marking queue");
    await tabTo(page, "main a.button[href^='/submissions/']");
    await landingAfter(page, () => page.keyboard.press("Enter"));
    await page.getByRole("heading", { name: `${fixture.people.student.name}: ${HOMEWORK}` }).waitFor();
    await check(page, "marking screen");

    // The auto-marked answers are already marked: the multiple choice one wrong, the rest right.
    const card = (prompt: string) => page.locator("li[data-exercise-id]", { hasText: prompt });
    await card("Which of these is 2 + 2?").locator(".badge", { hasText: "wrong" }).waitFor();
    await card("What is 7 × 6?").locator(".badge", { hasText: "correct" }).waitFor();
    await card("What is the capital of France?").locator(".badge", { hasText: "correct" }).waitFor();

    await tabTo(page, "input[name^=points-]");
    await page.keyboard.type("4");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Clear, and you named the upthrust.");
    await tabTo(page, "textarea[name=feedback]");
    await page.keyboard.type("Good work. Check your addition.");
    // Back with Shift+Tab to make sure the points are what was typed, then the Mark access key.
    await tabTo(page, "input[name^=points-]", { backwards: true });
    expect(await page.locator("input[name^=points-]").inputValue()).toBe("4");
    const landed = await landingAfter(page, () => pressAccessKey(page, "m"));
    expect(landed.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/marking");
    await page.getByText("0 waiting to be marked").waitFor();
  });

  test("the student sees the mark and the feedback", async () => {
    const page = await as(fixture.people.student);
    await clickAndLand(page, "My homework");
    const row = page.locator(`tr[data-homework-id="${homeworkId}"]`);
    await row.locator(".badge", { hasText: "Marked" }).waitFor();
    expect(await row.locator("td").nth(3).textContent()).toBe("6 / 8");
    await check(page, "my homework (marked)");
    await clickAndLand(page, HOMEWORK);
    await page.getByText("Your mark: 6 / 8").waitFor();
    await page.getByText("Good work. Check your addition.").waitFor();
    await page.getByText("Tutor: Clear, and you named the upthrust.").waitFor();
    await check(page, "my homework detail (marked)");
  });

  test("the parent sees the child's mark", async () => {
    const page = await as(fixture.people.parent);
    await check(page, "parent home");
    const child = page.locator(`[data-child-id="${fixture.people.student.id}"]`);
    const homework = child.locator("li", { hasText: HOMEWORK });
    await homework.locator(".badge", { hasText: "6 / 8" }).waitFor();
  });

  test("every page on the way passes axe-core (no serious or critical violations) and a Tab walk", () => {
    if (problems.length > 0) console.error(`Accessibility problems:\n${problems.join("\n")}`);
    expect(problems).toEqual([]);
    expect(checkedPages.size).toBeGreaterThan(15);
  });
});

describe("the core steps without JavaScript", () => {
  const TITLE = "Second try, no scripts";

  async function noScriptPage(person: Person): Promise<Page> {
    const key = `no-script ${person.id}`;
    const known = pages.get(key);
    if (known) return known;
    const context = await openContext(browser, { javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, web.url, fixture, person);
    pages.set(key, page);
    return page;
  }

  test("the tutor sets homework with the plain two-step form", async () => {
    const page = await noScriptPage(fixture.people.tutor);
    await page.goto(`${web.url}/homework/new`);
    await page.getByLabel("Class", { exact: true }).selectOption({ label: `${CLASS} (${COURSE})` });
    await clickAndLand(page, "Show exercises", "button");
    await page.getByLabel("Lesson").selectOption({ label: LESSON });
    await clickAndLand(page, "Show exercises", "button");
    const exercise = (prompt: string) => page.locator("label", { hasText: prompt }).locator("input[type=checkbox]");
    await exercise("Which of these is 2 + 2?").check();
    await exercise(FREE_RESPONSE).check();
    await page.getByLabel("Title").fill(TITLE);
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Due").fill(`${due}T18:00`);
    await clickAndLand(page, "Set homework", "button");
    homeworkId = idFrom(page, /^\/homework\/([0-9a-f-]{36})$/);
  });

  test("the student answers, moves between questions and hands in", async () => {
    const page = await noScriptPage(fixture.people.student);
    await page.goto(`${web.url}/my-homework/${homeworkId}`);
    await clickAndLand(page, "Start");
    for (let n = 1; n <= 2; n++) {
      await page.locator("#question h1", { hasText: `Question ${n} of 2` }).waitFor();
      const prompt = await questionPrompt(page);
      if (prompt === FREE_RESPONSE) await page.getByLabel("Your answer").fill("Because of upthrust.");
      else await page.getByLabel("4", { exact: true }).check();
      await clickAndLand(page, n === 1 ? "Next" : "Review and hand in", "button");
    }
    // Previous works too, and the answers were kept.
    await page.goto(`${web.url}/homework/${homeworkId}/questions/2`);
    await clickAndLand(page, "Previous", "button");
    expect(new URL(page.url()).pathname).toBe(`/homework/${homeworkId}/questions/1`);
    await page.goto(`${web.url}/homework/${homeworkId}/submit`);
    await page.getByText("Every question has an answer.").waitFor();
    await clickAndLand(page, "Hand in now", "button");
    await page.locator(".badge", { hasText: "Handed in" }).waitFor();
  });

  test("the tutor marks it from the queue", async () => {
    const page = await noScriptPage(fixture.people.tutor);
    await page.goto(`${web.url}/marking`);
    await clickAndLand(page, "Start marking");
    await page.getByRole("heading", { name: `${fixture.people.student.name}: ${TITLE}` }).waitFor();
    await page.locator("input[name^=points-]").fill("5");
    await page.getByLabel("Feedback to the student").fill("Full marks.");
    await clickAndLand(page, "Mark", "button");
    expect(new URL(page.url()).pathname).toBe("/marking");
  });

  test("the student sees the mark", async () => {
    const page = await noScriptPage(fixture.people.student);
    await page.goto(`${web.url}/my-homework/${homeworkId}`);
    await page.getByText("Your mark: 6 / 6").waitFor();
    await page.getByText("Full marks.").waitFor();
  });
});
