import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright";
import { launchBrowser } from "../../../tests/support/browser";
import { E2E_WEB_ENV, landingAfter, openContext, signedInPage, signIn } from "../../../tests/support/browser-session";
import { type Centre, createCentre, scheduledClass } from "../../../tests/support/fixtures";
import { type RunningProcess, startWebServer } from "../../../tests/support/processes";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { selectFromTenant } from "../../platform/tenancy";

let web: RunningProcess;
let browser: Browser;
let fixture: Centre;
let sessionId: string;

beforeAll(async () => {
  [web, browser, fixture] = await Promise.all([
    startWebServer(E2E_WEB_ENV),
    launchBrowser(),
    createCentre({ timeZone: "Europe/London" }),
  ]);
  const centreId = fixture.id;
  const classId = await scheduledClass(fixture, {
    name: "Register class",
    weekday: 3,
    room: "Room 2",
    startsOn: localDate(new Date(), "Europe/London"),
    members: [fixture.people.student, fixture.youngStudent],
  });
  const first = await selectFromTenant(db, "class_sessions", centreId)
    .where("class_id", "=", classId)
    .select("id")
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  sessionId = first.id;
  // The register opens on the session's day: this one is moved to now.
  await db
    .updateTable("class_sessions")
    .set({ starts_at: new Date(Date.now() - 600_000), ends_at: new Date(Date.now() + 3_000_000) })
    .where("id", "=", sessionId)
    .execute();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

function markOf(studentId: string) {
  return selectFromTenant(db, "attendance", fixture.id)
    .where("session_id", "=", sessionId)
    .where("student_id", "=", studentId)
    .select("status")
    .executeTakeFirst();
}

describe("the tutor's register", () => {
  test("with htmx, choosing a mark saves that row in place and keeps keyboard focus", async () => {
    const { context, page } = await signedInPage(browser, web.url, fixture, fixture.people.tutor);
    try {
      await page.goto(`${web.url}/timetable/sessions/${sessionId}`);
      await page.waitForFunction(() => "htmx" in globalThis);
      await page.evaluate(() => {
        (globalThis as unknown as { samePage: boolean }).samePage = true;
      });
      const row = page.locator(`#attendance-${fixture.people.student.id}`);
      await row.getByLabel("Present").focus();
      await page.keyboard.press("ArrowDown");
      await row.locator(".badge", { hasText: "saved" }).waitFor();
      expect((await markOf(fixture.people.student.id))?.status).toBe("late");
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
      await signIn(page, web.url, fixture, fixture.people.tutor);
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
