import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { launchBrowser } from "../../../tests/support/browser";
import { E2E_WEB_ENV, landingAfter, openContext, signedInPage, signIn } from "../../../tests/support/browser-session";
import { type CentreFixture, createCentreFixture } from "../../../tests/support/fixtures";
import { type RunningProcess, startWebServer } from "../../../tests/support/processes";
import { localDate } from "../../platform/calendar";
import { actorInCentre } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { selectFromTenant } from "../../platform/tenancy";
import { addMember, createClass } from "./service";
import { createCourse } from "./test-fixtures";

let web: RunningProcess;
let browser: Browser;
let fixture: CentreFixture;
let sessionId: string;

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([startWebServer(E2E_WEB_ENV), launchBrowser(), createCentreFixture()]);
  const centreId = fixture.centre.id;
  const admin = await actorInCentre(
    { userId: fixture.admin.id, role: "centre_admin" as const, name: fixture.admin.name },
    centreId,
    { ip: "127.0.0.1", userAgent: "test", requestId: crypto.randomUUID() },
  );
  const classId = await createClass(admin, {
    name: "Register class",
    courseId: await createCourse(centreId),
    tutorId: fixture.tutor.id,
    weekday: 3,
    startTime: "16:00",
    durationMinutes: 60,
    room: "Room 2",
    startsOn: localDate(new Date(), "Europe/London"),
    endsOn: null,
  });
  for (const student of [fixture.olderStudent, fixture.youngStudent]) await addMember(admin, classId, student.id);
  const first = await selectFromTenant(db, "class_sessions", centreId)
    .where("class_id", "=", classId)
    .select("id")
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  sessionId = first.id;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

function markOf(studentId: string) {
  return selectFromTenant(db, "attendance", fixture.centre.id)
    .where("session_id", "=", sessionId)
    .where("student_id", "=", studentId)
    .select("status")
    .executeTakeFirst();
}

describe("the tutor's register", () => {
  test("with htmx, choosing a mark saves that row in place and keeps keyboard focus", async () => {
    const { context, page } = await signedInPage(browser, web.url, fixture.centre, fixture.tutor);
    try {
      await page.goto(`${web.url}/timetable/sessions/${sessionId}`);
      await page.waitForFunction(() => "htmx" in globalThis);
      await page.evaluate(() => {
        (globalThis as unknown as { samePage: boolean }).samePage = true;
      });
      const row = page.locator(`#attendance-${fixture.olderStudent.id}`);
      await row.getByLabel("Present").focus();
      await page.keyboard.press("ArrowDown");
      await row.locator(".badge", { hasText: "saved" }).waitFor();
      expect((await markOf(fixture.olderStudent.id))?.status).toBe("late");
      const focused = () =>
        (globalThis as unknown as { document: { activeElement: { value?: string } | null } }).document.activeElement
          ?.value;
      expect(await page.evaluate(focused)).toBe("late");
      expect(await page.evaluate(() => (globalThis as unknown as { samePage?: boolean }).samePage)).toBe(true);
    } finally {
      await context.close();
    }
  });

  test("without JavaScript, the whole register saves with one button", async () => {
    const context = await openContext(browser, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page, web.url, fixture.centre, fixture.tutor);
      await page.goto(`${web.url}/timetable/sessions/${sessionId}`);
      await page.locator(`#attendance-${fixture.youngStudent.id}`).getByLabel("Absent").check();
      const landed = await landingAfter(page, () => page.getByRole("button", { name: "Save attendance" }).click());
      expect(landed.status()).toBe(200);
      await page.getByText("Attendance saved.").waitFor();
      expect((await markOf(fixture.youngStudent.id))?.status).toBe("absent");
    } finally {
      await context.close();
    }
  });
});
