import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { seedDemoClasses } from "../../src/modules/classes/demo";
import { classesForTutor } from "../../src/modules/classes/service";
import { seedDemoCourses } from "../../src/modules/courses/demo";
import { exercisesForLessons, publishedLessonsForCourse } from "../../src/modules/courses/service";
import { assignHomework } from "../../src/modules/homework/service";
import { db } from "../../src/platform/db";
import { SESSION_COOKIE } from "../../src/platform/http/authenticate";
import { trustedCentreId } from "../../src/platform/tenancy";
import { launchBrowser } from "../support/browser";
import { createTestCentre, signedInAs, type TestCentre } from "../support/identities";
import { type RunningProcess, startWebServer, startWorker } from "../support/processes";

/**
 * Issue 6, acceptance 1: two web processes and one worker on one Redis. A student hands in work
 * on process A; the tutor's browser, connected by SSE to process B, sees the marking-queue count
 * change within two seconds, without a reload.
 */
let centre: TestCentre;
let homeworkId: string;
let webA: RunningProcess;
let webB: RunningProcess;
let worker: { stop(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  centre = await createTestCentre("live-queue");
  const centreId = trustedCentreId(centre.id);
  const { courseId } = await seedDemoCourses(db, centreId, centre.people.head_tutor.id);
  await seedDemoClasses(db, centreId);
  const [klass] = await classesForTutor(centreId, centre.people.tutor.id);
  const [lesson] = await publishedLessonsForCourse(centreId, courseId);
  const exercises = (await exercisesForLessons(centreId, [lesson?.id as string])).filter(
    (row) => row.kind === "free_response",
  );
  const tutor = {
    userId: centre.people.tutor.id,
    role: "tutor" as const,
    name: "Tutor",
    centreId,
    request: { ip: "127.0.0.1", userAgent: null, requestId: "test" },
  };
  homeworkId = await assignHomework(tutor, {
    title: "Live queue homework",
    instructions: "",
    kind: "exercises",
    classId: klass?.id as string,
    studentId: centre.people.student.id,
    lessonId: lesson?.id as string,
    exerciseIds: exercises.map((row) => row.id),
    pages: null,
    outOf: null,
    dueAt: new Date(Date.now() + 86_400_000),
  });
  [webA, webB, browser] = await Promise.all([startWebServer(), startWebServer(), launchBrowser()]);
  worker = startWorker();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([webA?.stop(), webB?.stop(), worker?.stop()]);
});

describe("live marking-queue count across web processes", () => {
  test("a hand-in on process A shows on the tutor's page served by process B within 2 s", async () => {
    const tutor = await signedInAs(centre.people.tutor, centre.id);
    const context = await browser.newContext();
    const [name, value] = tutor.cookie.split(/=(.*)/s) as [string, string];
    expect(name).toBe(SESSION_COOKIE);
    await context.addCookies([{ name, value, url: webB.url }]);
    const page = await context.newPage();
    // The stream's response headers come once process B has subscribed to the tutor's channel.
    const streamOpen = page.waitForResponse((response) => response.url().includes("/events/live"));
    await page.goto(`${webB.url}/home`);
    await streamOpen;
    const count = page.locator("#live-marking-count");
    const before = Number(await count.textContent());

    const student = await signedInAs(centre.people.student, centre.id);
    const submit = await fetch(`${webA.url}/homework/${homeworkId}/submit`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: student.cookie, origin: webA.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: student.csrfToken }),
    });
    expect(submit.status).toBeLessThan(400);
    const handedInAt = Date.now();

    await page.locator("#live-marking-count", { hasText: new RegExp(`^${before + 1}$`) }).waitFor({ timeout: 2000 });
    console.log(`marking-queue count updated ${Date.now() - handedInAt} ms after the hand-in`);
    expect(Number(await count.textContent())).toBe(before + 1);
    await context.close();
  });
});
