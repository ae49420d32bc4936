import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  type Centre,
  type Credentials,
  createCentre,
  createPlatformAdmin,
  type PasswordPerson,
  scheduledClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { trustedCentreId } from "../../platform/tenancy";

/** The platform admin changes any centre's identity with the owner's own forms and services. */
const app = createApp();
let centre: Centre;
let platformAdmin: PasswordPerson;
let admin: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "platform-edit", timeZone: "Europe/London" });
  platformAdmin = await createPlatformAdmin();
  // Outside any centre: the platform pages name the centre in the path.
  admin = await signedInAs(platformAdmin);
});

describe("platform admin: a centre's settings", () => {
  test("the list links to each centre's settings; the page shows its identity forms", async () => {
    const list = await (await send(app, "GET", "/platform/centres", admin)).text();
    expect(list).toContain(`href="/platform/centres/${centre.id}"`);
    const page = await send(app, "GET", `/platform/centres/${centre.id}`, admin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Settings of ${centre.name}`);
    expect(html).toContain(`action="/platform/centres/${centre.id}/name"`);
    expect(html).toContain(`action="/platform/centres/${centre.id}/time-zone"`);
    expect(html).toContain(`/c/${centre.slug}</a>`);
  });

  test("renames it and changes its contact details, audited in the centre's own log as the platform admin", async () => {
    const fixture = await createCentre({ label: "platform-rename" });
    const renamed = await send(app, "POST", `/platform/centres/${fixture.id}/name`, admin, {
      body: { name: "Hilltop Learning" },
    });
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get("location")).toBe(`/platform/centres/${fixture.id}?saved=name`);
    expect((await loadCentreContext(trustedCentreId(fixture.id)))?.name).toBe("Hilltop Learning");
    const contact = await send(app, "POST", `/platform/centres/${fixture.id}/contact`, admin, {
      body: { email: "hello@hilltop.example", website: "" },
    });
    expect(contact.status).toBe(303);
    const events = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", fixture.id)
      .where("action", "=", "centre.update")
      .select(["actor_id as actorId", "actor_role as role"])
      .execute();
    expect(events).toEqual([
      { actorId: platformAdmin.id, role: "platform_admin" },
      { actorId: platformAdmin.id, role: "platform_admin" },
    ]);
    // The centre's own people see the new name on their next page.
    const owner = await signedInAs(fixture.people.centre_owner);
    expect(await (await send(app, "GET", "/settings", owner)).text()).toContain("hello@hilltop.example");
    const bad = await send(app, "POST", `/platform/centres/${fixture.id}/contact`, admin, { body: { email: "nope" } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Enter an email address such as office@example.org");
  });

  test("changes its time zone through the same preview and confirmation", async () => {
    const fixture = await createCentre({ label: "platform-tz", timeZone: "Europe/London" });
    await scheduledClass(fixture, { name: "Saturday Art", weekday: 6, startTime: "10:00", startsOn: "2026-01-01" });
    const preview = await send(app, "POST", `/platform/centres/${fixture.id}/time-zone`, admin, {
      body: { timeZone: "Australia/Sydney" },
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("Saturday Art");
    expect(html).toContain(`action="/platform/centres/${fixture.id}/time-zone/confirm"`);
    const confirmed = await send(app, "POST", `/platform/centres/${fixture.id}/time-zone/confirm`, admin, {
      body: { timeZone: "Australia/Sydney" },
    });
    expect(confirmed.status).toBe(303);
    expect((await loadCentreContext(trustedCentreId(fixture.id)))?.timeZone).toBe("Australia/Sydney");
  });

  test("an unknown centre is a 404, a malformed id a 422; nobody else reaches these pages", async () => {
    expect((await send(app, "GET", `/platform/centres/${crypto.randomUUID()}`, admin)).status).toBe(404);
    expect(
      (await send(app, "POST", `/platform/centres/${crypto.randomUUID()}/name`, admin, { body: { name: "X" } })).status,
    ).toBe(404);
    expect((await send(app, "GET", "/platform/centres/not-a-uuid", admin)).status).toBe(422);
    const owner = await signedInAs(centre.people.centre_owner);
    expect((await send(app, "GET", `/platform/centres/${centre.id}`, owner)).status).toBe(403);
    const refused = await send(app, "POST", `/platform/centres/${centre.id}/name`, owner, { body: { name: "Mine" } });
    expect(refused.status).toBe(403);
    expect((await loadCentreContext(trustedCentreId(centre.id)))?.name).toBe(centre.name);
  });

  test("a reserved address cannot be given to a new centre", async () => {
    const response = await send(app, "POST", "/platform/centres", admin, {
      body: { name: "Sneaky", slug: "platform", timeZone: "UTC" },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("That address is kept for the installation&#39;s own pages.");
  });
});
