import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { trustedCentreId } from "../../platform/tenancy";
import { seedDemoClasses } from "../classes/demo";
import { seedDemoCourses } from "../courses/demo";
import { seedDemoHomework } from "../homework/demo";

const app = createApp();
let centre: Centre;

/** A centre with the demo course, a class with sessions and attendance, and homework with work handed in. */
beforeAll(async () => {
  centre = await createCentre({ label: "dash" });
  const centreId = trustedCentreId(centre.id);
  await seedDemoCourses(db, centreId, centre.people.head_tutor.id);
  await seedDemoClasses(db, centreId);
  await seedDemoHomework(db, centreId);
}, 60_000);

async function homeAs(person: keyof Centre["people"]): Promise<string> {
  const response = await send(app, "GET", "/home", await signedInAs(centre.people[person]));
  expect(response.status).toBe(200);
  return response.text();
}

function figure(html: string, heading: string): string {
  const match = html.match(new RegExp(`<h2>${heading}</h2><p class="figure">([^<]*)</p>`));
  return match?.[1] ?? "";
}

describe("role dashboards on the home page", () => {
  test("a student sees what is due, recent marks and progress per course", async () => {
    const html = await homeAs("student");
    expect(html).toContain('id="due-heading"');
    expect(html).toContain('id="marks-heading"');
    expect(html).toContain("Maths — Year 7");
  });

  test("a tutor sees today's classes, the marking queue count and students needing attention", async () => {
    const html = await homeAs("tutor");
    expect(html).toContain("My classes today");
    expect(html).toMatch(/id="live-marking-count">\d+</);
    expect(html).toContain("Students needing attention");
  });

  test("a parent sees each child's attendance and homework", async () => {
    const html = await homeAs("parent");
    expect(html).toContain(`data-child-id="${centre.people.student.id}"`);
    expect(html).toContain("Attendance (30 days)");
  });

  test("a centre admin sees today's sessions, attendance rate, overdue homework and active people", async () => {
    const html = await homeAs("centre_admin");
    expect(html).toContain('id="sessions-today-heading"');
    expect(figure(html, "Overdue homework")).toMatch(/^\d+$/);
    expect(figure(html, "Attendance \\(7 days\\)")).toMatch(/^(\d+%|–)$/);
  });

  test("figures are cached, and a write in the centre makes them fresh at once", async () => {
    const before = figure(await homeAs("centre_owner"), "Overdue homework");
    // Make every demo homework overdue behind the application's back: the cache still answers.
    await db
      .updateTable("homework")
      .set({ due_at: new Date(Date.now() - 3600_000) })
      .where("centre_id", "=", centre.id)
      .execute();
    expect(figure(await homeAs("centre_owner"), "Overdue homework")).toBe(before);
    // Any successful change made through the application refreshes the centre's figures.
    const owner = await signedInAs(centre.people.centre_owner);
    expect(
      (await send(app, "POST", "/settings/features", owner, { body: { feature: "gamification", enabled: "true" } }))
        .status,
    ).toBe(303);
    expect(Number(figure(await homeAs("centre_owner"), "Overdue homework"))).toBeGreaterThan(Number(before));
  });
});

describe("progress is visible to the student, their parents and their tutors only", () => {
  test("the student sees their own", async () => {
    const response = await send(app, "GET", "/progress", await signedInAs(centre.people.student));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`Progress: ${centre.people.student.name}`);
  });

  test("a parent sees their own child, not another student", async () => {
    const parent = await signedInAs(centre.people.parent);
    expect((await send(app, "GET", `/children/${centre.people.student.id}/progress`, parent)).status).toBe(200);
    const stranger = await createCentre({ label: "dash-other" });
    expect((await send(app, "GET", `/children/${stranger.people.student.id}/progress`, parent)).status).toBe(404);
  });

  test("a tutor sees students of their classes; a head tutor sees everyone; others are refused", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    const member = await db
      .selectFrom("class_members")
      .innerJoin("classes", "classes.id", "class_members.class_id")
      .where("classes.tutor_id", "=", centre.people.tutor.id)
      .select("class_members.student_id")
      .executeTakeFirstOrThrow();
    expect((await send(app, "GET", `/students/${member.student_id}/progress`, tutor)).status).toBe(200);
    const notTaught = crypto.randomUUID();
    expect((await send(app, "GET", `/students/${notTaught}/progress`, tutor)).status).toBe(404);
    const head = await signedInAs(centre.people.head_tutor);
    expect((await send(app, "GET", `/students/${centre.people.student.id}/progress`, head)).status).toBe(200);
    const student = await signedInAs(centre.people.student);
    expect((await send(app, "GET", `/students/${centre.people.student.id}/progress`, student)).status).toBe(403);
  });
});
