import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { effectiveFlags } from "../../platform/features";
import { isFeatureOn } from "./service";

const app = createApp();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "flags" });
});

describe("feature flags per centre", () => {
  test("the environment gives the default; a centre's own setting overrides it", () => {
    expect(effectiveFlags({}).video_sessions).toBe(false);
    expect(effectiveFlags({ video_sessions: true }).video_sessions).toBe(true);
    expect(effectiveFlags({ video_sessions: "yes" as unknown as boolean }).video_sessions).toBe(false);
  });

  test("an owner turns a feature on for their centre only, and the change is audited", async () => {
    const owner = await signedInAs(centre.people.centre_owner);
    const other = await createCentre({ label: "flags-other" });
    expect(await isFeatureOn(centre.id, "video_sessions")).toBe(false);

    const response = await send(app, "POST", "/settings/features", owner, {
      body: { feature: "video_sessions", enabled: "true" },
    });
    expect(response.status).toBe(303);
    expect(await isFeatureOn(centre.id, "video_sessions")).toBe(true);
    expect(await isFeatureOn(other.id, "video_sessions")).toBe(false);

    const audit = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", centre.id)
      .where("action", "=", "settings.update")
      .select(["before", "after", "actor_id"])
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(centre.people.centre_owner.id);
    expect(audit.before).toEqual({ video_sessions: false });
    expect(audit.after).toEqual({ video_sessions: true });

    const page = await (await send(app, "GET", "/settings", owner)).text();
    expect(page).toContain('data-feature="video_sessions"');
    expect(page).toContain("Turn off");
  });

  test("an htmx toggle answers with the refreshed row", async () => {
    const owner = await signedInAs(centre.people.centre_owner);
    const response = await send(app, "POST", "/settings/features", owner, {
      body: { feature: "qr_scanning", enabled: "true" },
      headers: { "hx-request": "true" },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.startsWith('<tr id="feature-qr_scanning"')).toBe(true);
    expect(html).toContain("on");
  });

  test("a centre admin sees the settings but cannot change features; unknown features are a 422", async () => {
    const admin = await signedInAs(centre.people.centre_admin);
    expect((await send(app, "GET", "/settings", admin)).status).toBe(200);
    expect(
      (await send(app, "POST", "/settings/features", admin, { body: { feature: "gamification", enabled: "false" } }))
        .status,
    ).toBe(403);
    const owner = await signedInAs(centre.people.centre_owner);
    expect(
      (await send(app, "POST", "/settings/features", owner, { body: { feature: "teleport", enabled: "true" } })).status,
    ).toBe(422);
  });
});
