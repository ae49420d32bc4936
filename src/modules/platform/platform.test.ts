import { beforeAll, describe, expect, test } from "bun:test";
import {
  type Centre,
  centreWithPlatformAdmin,
  type PasswordPerson,
  signInFormFor,
} from "../../../tests/support/fixtures";
import { signIn } from "../../../tests/support/session";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
let fixture: Centre;
let platformAdmin: PasswordPerson;

beforeAll(async () => {
  ({ centre: fixture, platformAdmin } = await centreWithPlatformAdmin({
    label: "Platform",
    timeZone: "Europe/London",
  }));
});

function newSlug(): string {
  return `plat-${crypto.randomUUID().slice(0, 8)}`;
}

async function centreIdOf(slug: string): Promise<string> {
  const row = await db.selectFrom("centres").where("slug", "=", slug).select("id").executeTakeFirstOrThrow();
  return row.id;
}

async function auditFor(centreId: string | null, action: string, targetId: string) {
  return db
    .selectFrom("audit_events")
    .where("centre_id", centreId === null ? "is" : "=", centreId)
    .where("action", "=", action)
    .where("target_id", "=", targetId)
    .select(["actor_id as actorId", "after"])
    .execute();
}

describe("platform admin: centres", () => {
  test("lists every centre with its people counted by role and status", async () => {
    const admin = await signIn(app, signInFormFor(fixture, platformAdmin));
    const response = await admin.get("/platform/centres");
    expect(response.status).toBe(200);
    const html = await response.text();
    const row = html.slice(html.indexOf(`data-centre-slug="${fixture.slug}"`));
    expect(row).toContain(fixture.name);
    expect(row).toMatch(/data-role="student">2</);
    expect(row).toMatch(/data-role="tutor">1</);
    expect(row).toContain("<td>7<br>");
    expect(row).toContain("7 active · 0 invited · 0 disabled");
  });

  test("creates a centre, audited outside any centre; a taken slug is 409 and a bad timezone 422", async () => {
    const admin = await signIn(app, signInFormFor(fixture, platformAdmin));
    const slug = newSlug();
    const created = await admin.post("/platform/centres", { name: "Hilltop Tutors", slug, timeZone: "Europe/Paris" });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe(`/platform/centres?created=${slug}`);
    const id = await centreIdOf(slug);
    const events = await auditFor(null, "centre.create", id);
    expect(events).toEqual([
      { actorId: platformAdmin.id, after: { name: "Hilltop Tutors", slug, timeZone: "Europe/Paris", locale: "en-GB" } },
    ]);
    expect(await (await admin.get(`/platform/centres?created=${slug}`)).text()).toContain(
      `Centre ${slug} was created.`,
    );

    const taken = await admin.post("/platform/centres", { name: "Another", slug, timeZone: "UTC" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain(`The address ${slug} is already taken by another centre.`);

    const badZone = await admin.post("/platform/centres", {
      name: "Mars Base",
      slug: newSlug(),
      timeZone: "Mars/Olympus",
    });
    expect(badZone.status).toBe(422);
    const badZoneHtml = await badZone.text();
    expect(badZoneHtml).toContain("Enter a timezone name such as Europe/London");
    expect(badZoneHtml).toContain('value="Mars/Olympus"');

    const badSlug = await admin.post("/platform/centres", { name: "Bad", slug: "Bad Slug!", timeZone: "UTC" });
    expect(badSlug.status).toBe(422);
    expect(await badSlug.text()).toContain("lower-case letters");
  });

  test("enters a centre explicitly to work in it, and is refused again after leaving", async () => {
    const admin = await signIn(app, signInFormFor(fixture, platformAdmin));
    const slug = newSlug();
    await admin.post("/platform/centres", { name: `Lakeside ${slug}`, slug, timeZone: "Australia/Sydney" });
    const id = await centreIdOf(slug);

    const before = await admin.get("/people");
    expect(before.status).toBe(403);
    expect(await before.text()).toContain("Choose a centre to work in first.");

    const entered = await admin.post(`/platform/centres/${id}/enter`);
    expect(entered.status).toBe(303);
    expect(entered.headers.get("location")).toBe("/home");
    expect(await auditFor(id, "centre.enter", id)).toHaveLength(1);
    expect(await (await admin.get("/home")).text()).toContain(
      `You are working inside <strong>Lakeside ${slug}</strong>`,
    );
    expect(await (await admin.get("/platform/centres")).text()).toContain('id="acting-centre"');

    const student = await admin.post("/people/students", {
      name: "First Student",
      studentCode: "LK001",
      dateOfBirth: "2010-05-01",
      pin: "",
    });
    expect(student.status).toBe(201);
    const people = await admin.get("/people");
    expect(people.status).toBe(200);
    const peopleHtml = await people.text();
    expect(peopleHtml).toContain("First Student");
    expect(peopleHtml).not.toContain(fixture.people.tutor.name);

    const left = await admin.post("/platform/leave");
    expect(left.status).toBe(303);
    expect(left.headers.get("location")).toBe("/platform/centres");
    expect(await auditFor(id, "centre.leave", id)).toHaveLength(1);
    expect((await admin.get("/people")).status).toBe(403);
    expect(await (await admin.get("/home")).text()).not.toContain('id="acting-centre"');
  });

  test("entering an unknown centre is 404, a malformed id 422", async () => {
    const admin = await signIn(app, signInFormFor(fixture, platformAdmin));
    expect((await admin.post(`/platform/centres/${crypto.randomUUID()}/enter`)).status).toBe(404);
    expect((await admin.post("/platform/centres/not-a-uuid/enter")).status).toBe(422);
  });

  test("a centre owner cannot reach any platform page", async () => {
    const owner = await signIn(app, signInFormFor(fixture, fixture.people.centre_owner));
    expect((await owner.get("/platform/centres")).status).toBe(403);
    const create = await owner.post("/platform/centres", { name: "Sneaky", slug: newSlug(), timeZone: "UTC" });
    expect(create.status).toBe(403);
    expect((await owner.post(`/platform/centres/${fixture.id}/enter`)).status).toBe(403);
    expect((await owner.post("/platform/leave")).status).toBe(403);
  });
});
