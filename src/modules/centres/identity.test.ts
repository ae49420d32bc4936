import { beforeAll, describe, expect, test } from "bun:test";
import { send, sendConfirmed } from "../../../tests/security/walk";
import {
  actorFor,
  type Centre,
  type Credentials,
  createCentre,
  samplePhoto,
  scheduledClass,
  sessionStarts,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { loadCentreContext } from "../../platform/centre-context";
import { db } from "../../platform/db";
import { trustedCentreId } from "../../platform/tenancy";
import { storeDerivedImages } from "../files/service";
import { changeTimeZone, editorOf, previewTimeZoneChange, renameCentre } from "./identity";

const app = createApp();
let centre: Centre;
let owner: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "identity", timeZone: "Europe/London" });
  owner = await signedInAs(centre.people.centre_owner);
});

async function auditOf(centreId: string) {
  return db
    .selectFrom("audit_events")
    .where("centre_id", "=", centreId)
    .where("action", "=", "centre.update")
    .select(["actor_id as actorId", "before", "after"])
    .orderBy("id")
    .execute();
}

function postLogo(who: Credentials, file: File): Promise<Response> {
  const form = new FormData();
  form.append("_csrf", who.csrfToken);
  form.append("file", file);
  return app.handle(
    new Request("http://localhost/settings/logo", {
      method: "POST",
      headers: { cookie: who.cookie, origin: "http://localhost" },
      body: form,
    }),
  );
}

describe("renaming a centre", () => {
  test("the owner renames it: audited, and the very next page of anyone there reads the new name", async () => {
    const fixture = await createCentre({ label: "rename" });
    const tutor = await signedInAs(fixture.people.tutor);
    const before = await (await send(app, "GET", "/home", tutor)).text();
    expect(before).toContain(fixture.name);

    const ownerOf = await signedInAs(fixture.people.centre_owner);
    const saved = await send(app, "POST", "/settings/name", ownerOf, { body: { name: "  Riverside Tutors  " } });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/settings?saved=name");
    expect((await loadCentreContext(trustedCentreId(fixture.id)))?.name).toBe("Riverside Tutors");
    expect(await auditOf(fixture.id)).toEqual([
      { actorId: fixture.people.centre_owner.id, before: { name: fixture.name }, after: { name: "Riverside Tutors" } },
    ]);

    const after = await (await send(app, "GET", "/home", tutor)).text();
    expect(after).toContain('<span class="centre-brand">Riverside Tutors</span>');
    expect(after).not.toContain(fixture.name);
    expect(await (await send(app, "GET", "/settings?saved=name", ownerOf)).text()).toContain(
      "The centre&#39;s new name is saved.",
    );
    // The public address does not change with the name.
    expect(await (await app.handle(new Request(`http://localhost/c/${fixture.slug}`))).text()).toContain(
      "Riverside Tutors",
    );

    // The same name again changes and audits nothing.
    await renameCentre(editorOf(await actorFor(fixture.people.centre_owner)), "Riverside Tutors");
    expect(await auditOf(fixture.id)).toHaveLength(1);
  });

  test("an empty or over-long name is a 422 beside the field; only the owner may rename", async () => {
    const empty = await send(app, "POST", "/settings/name", owner, { body: { name: "   " } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Enter the centre&#39;s name");
    const long = await send(app, "POST", "/settings/name", owner, { body: { name: "x".repeat(201) } });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("Keep the name to 200 characters or fewer");
    for (const role of ["centre_admin", "tutor", "parent"] as const) {
      const who = await signedInAs(centre.people[role]);
      expect((await send(app, "POST", "/settings/name", who, { body: { name: "Mine now" } })).status).toBe(403);
    }
  });
});

describe("contact details", () => {
  test("valid details are saved, normalised and audited; empty fields clear them", async () => {
    const fixture = await createCentre({ label: "contact" });
    const ownerOf = await signedInAs(fixture.people.centre_owner);
    const body = {
      email: "office@riverside.example",
      phone: "+44 (0)20  7946 0000",
      postalAddress: "1 River Street\r\nLondon",
      website: "riverside.example/tutoring",
    };
    expect((await send(app, "POST", "/settings/contact", ownerOf, { body })).status).toBe(303);
    const row = await db
      .selectFrom("centres")
      .where("id", "=", fixture.id)
      .select(["contact_email", "contact_phone", "postal_address", "website"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      contact_email: "office@riverside.example",
      contact_phone: "+44 (0)20 7946 0000",
      postal_address: "1 River Street\nLondon",
      website: "https://riverside.example/tutoring",
    });
    const page = await (await send(app, "GET", "/settings", ownerOf)).text();
    expect(page).toContain('value="https://riverside.example/tutoring"');

    expect(
      (
        await send(app, "POST", "/settings/contact", ownerOf, {
          body: { email: "", phone: "", postalAddress: "", website: "" },
        })
      ).status,
    ).toBe(303);
    const cleared = await db
      .selectFrom("centres")
      .where("id", "=", fixture.id)
      .select(["contact_email", "website"])
      .executeTakeFirstOrThrow();
    expect(cleared).toEqual({ contact_email: null, website: null });
    expect((await auditOf(fixture.id)).map((event) => event.after)).toHaveLength(2);
  });

  test.each([
    ["email", "not-an-address", "Enter an email address such as office@example.org"],
    ["phone", "call us maybe", "Enter a phone number"],
    ["phone", "12", "Enter a phone number"],
    ["website", "javascript:alert(1)", "Enter a web address such as https://www.example.org"],
    ["website", "ftp://files.example.org", "Enter a web address such as https://www.example.org"],
    ["postalAddress", "x".repeat(501), "Keep the address to 500 characters or fewer"],
  ])("a bad %s is a 422 with the value kept and nothing saved (case %#)", async (field, value, message) => {
    const response = await send(app, "POST", "/settings/contact", owner, { body: { [field]: value } });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(message);
    const row = await db
      .selectFrom("centres")
      .where("id", "=", centre.id)
      .select(["contact_email", "contact_phone", "website", "postal_address"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ contact_email: null, contact_phone: null, website: null, postal_address: null });
  });
});

describe("changing the time zone", () => {
  // 2026-03-01 is a Sunday; London moves to BST on 29 March, New York to EDT on 8 March.
  const now = new Date("2026-03-01T12:00:00Z");

  async function sessionsOf(centreId: string, classId: string) {
    return db
      .selectFrom("class_sessions")
      .where("centre_id", "=", centreId)
      .where("class_id", "=", classId)
      .select(["id", "starts_at as startsAt", "ends_at as endsAt", "room", "status"])
      .orderBy("starts_at")
      .execute();
  }

  test("the preview lists what moves; applying keeps local times across DST, leaves past and attended sessions", async () => {
    const fixture = await createCentre({ label: "tz-move", timeZone: "Europe/London" });
    const classId = await scheduledClass(fixture, {
      weekday: 2,
      startTime: "16:00",
      startsOn: "2026-02-01",
      members: [fixture.people.student],
      now,
    });
    // A past session (already history) and one future session with attendance recorded early.
    const past = await db
      .insertInto("class_sessions")
      .values({
        centre_id: fixture.id,
        class_id: classId,
        starts_at: new Date("2026-02-24T16:00:00Z"),
        ends_at: new Date("2026-02-24T17:00:00Z"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const before = await sessionsOf(fixture.id, classId);
    const attended = before.find((row) => row.startsAt.toISOString() === "2026-03-10T16:00:00.000Z");
    if (!attended) throw new Error("no session on 10 March");
    await db
      .insertInto("attendance")
      .values({
        centre_id: fixture.id,
        session_id: attended.id,
        student_id: fixture.people.student.id,
        status: "absent",
        method: "tutor",
      })
      .execute();
    const cancelled = before.find((row) => row.startsAt.toISOString() === "2026-03-17T16:00:00.000Z");
    if (!cancelled) throw new Error("no session on 17 March");
    await db
      .updateTable("class_sessions")
      .set({ status: "cancelled", room: "Hall" })
      .where("id", "=", cancelled.id)
      .execute();

    const editor = editorOf(await actorFor(fixture.people.centre_owner));
    const unchanged = await sessionsOf(fixture.id, classId);
    const plan = await previewTimeZoneChange(editor, "America/New_York", now);
    expect(plan.pastCount).toBe(1);
    expect(plan.staying.map((row) => row.before)).toEqual([{ date: "2026-03-10", time: "16:00" }]);
    expect(plan.staying[0]?.after).toEqual({ date: "2026-03-10", time: "12:00" });
    const future = before.filter((row) => row.startsAt > now);
    expect(plan.moves).toHaveLength(future.length - 1);
    expect(plan.moves.every((move) => move.localTime === "16:00")).toBe(true);
    // Nothing is written by a preview.
    expect(await sessionsOf(fixture.id, classId)).toEqual(unchanged);

    const result = await changeTimeZone(editor, "America/New_York", now);
    expect(result.moved).toBe(future.length - 1);
    const after = await sessionsOf(fixture.id, classId);
    const byId = new Map(after.map((row) => [row.id, row]));
    // History stays: the past session and the attended one keep their instants.
    expect(byId.get(past.id)?.startsAt.toISOString()).toBe("2026-02-24T16:00:00.000Z");
    expect(byId.get(attended.id)?.startsAt.toISOString()).toBe("2026-03-10T16:00:00.000Z");
    // Future sessions keep their ids, their room and cancellation, and 16:00 local in New York,
    // whichever side of each zone's clock change they fall on (EST -5, then EDT -4).
    expect(byId.get(cancelled.id)).toMatchObject({ status: "cancelled", room: "Hall" });
    expect(byId.get(cancelled.id)?.startsAt.toISOString()).toBe("2026-03-17T20:00:00.000Z");
    const moved = plan.moves.map((move) => byId.get(move.sessionId)?.startsAt.toISOString());
    expect(moved[0]).toBe("2026-03-03T21:00:00.000Z");
    expect(moved).toContain("2026-03-31T20:00:00.000Z");
    for (const row of after.filter((session) => session.startsAt > now && session.id !== attended.id)) {
      expect(
        new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", timeStyle: "short" }).format(row.startsAt),
      ).toBe("16:00");
      expect(row.endsAt.getTime() - row.startsAt.getTime()).toBe(3_600_000);
    }
    // The daily job finds nothing to change afterwards, and the attended day also gets its 16:00 session.
    const starts = await sessionStarts(fixture, classId);
    expect(starts).toContain("2026-03-10T20:00:00.000Z");
    expect((await loadCentreContext(trustedCentreId(fixture.id)))?.timeZone).toBe("America/New_York");
    const [event] = await auditOf(fixture.id);
    expect(event?.before).toEqual({ timeZone: "Europe/London" });
    expect(event?.after).toMatchObject({ timeZone: "America/New_York", sessionsMoved: future.length - 1 });
  });

  test("through the pages: the preview is a page of its own, the confirmation applies it; bad zones are a 422", async () => {
    const fixture = await createCentre({ label: "tz-pages", timeZone: "Europe/London" });
    await scheduledClass(fixture, { name: "Thursday Chess", weekday: 4, startTime: "17:30", startsOn: "2026-01-01" });
    const ownerOf = await signedInAs(fixture.people.centre_owner);
    const preview = await send(app, "POST", "/settings/time-zone", ownerOf, { body: { timeZone: "Asia/Tokyo" } });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("From Europe/London to Asia/Tokyo.");
    expect(html).toContain("Thursday Chess");
    expect(html).toContain('action="/settings/time-zone/confirm"');
    expect(html).toContain('<input type="hidden" name="timeZone" value="Asia/Tokyo">');
    expect((await loadCentreContext(trustedCentreId(fixture.id)))?.timeZone).toBe("Europe/London");

    const confirmed = await send(app, "POST", "/settings/time-zone/confirm", ownerOf, {
      body: { timeZone: "Asia/Tokyo" },
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("/settings?saved=timeZone");
    expect((await loadCentreContext(trustedCentreId(fixture.id)))?.timeZone).toBe("Asia/Tokyo");

    for (const path of ["/settings/time-zone", "/settings/time-zone/confirm"]) {
      for (const timeZone of ["Mars/Olympus", "", "<script>"]) {
        const response = await send(app, "POST", path, ownerOf, { body: { timeZone } });
        expect({ path, timeZone, status: response.status }).toEqual({ path, timeZone, status: 422 });
        expect(await response.text()).toContain("Choose a time zone from the list");
      }
    }
    const admin = await signedInAs(fixture.people.centre_admin);
    expect((await send(app, "POST", "/settings/time-zone", admin, { body: { timeZone: "UTC" } })).status).toBe(403);
  });
});

describe("the logo", () => {
  test("an image is stored through the image pipeline, shown on the pages and the sign-in page, and removable", async () => {
    const fixture = await createCentre({ label: "logo" });
    const ownerOf = await signedInAs(fixture.people.centre_owner);
    const saved = await postLogo(ownerOf, new File([await samplePhoto(800, 400)], "logo.jpg"));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/settings?saved=logo");
    const { logo_file_id: fileId } = await db
      .selectFrom("centres")
      .where("id", "=", fixture.id)
      .select("logo_file_id")
      .executeTakeFirstOrThrow();
    if (!fileId) throw new Error("no logo recorded");
    const file = await db
      .selectFrom("files")
      .where("id", "=", fileId)
      .select(["kind", "content_type"])
      .executeTakeFirstOrThrow();
    expect(file).toEqual({ kind: "centre_logo", content_type: "image/jpeg" });

    const src = `/c/${fixture.slug}/logo?v=${fileId.slice(0, 8)}`;
    expect(await (await send(app, "GET", "/home", ownerOf)).text()).toContain(`<img src="${src}"`);
    expect(await (await app.handle(new Request(`http://localhost/c/${fixture.slug}`))).text()).toContain(
      `src="${src}"`,
    );
    // The public address answers with a signed link: the original until its WebP thumbnail exists.
    await storeDerivedImages(trustedCentreId(fixture.id), fileId);
    const logo = await app.handle(new Request(`http://localhost${src}`));
    expect(logo.status).toBe(302);
    const image = await app.handle(
      new Request(new URL(logo.headers.get("location") as string, "http://localhost").href),
    );
    expect(image.headers.get("content-type")).toBe("image/webp");

    const replaced = await postLogo(ownerOf, new File([await samplePhoto(300, 300)], "logo2.png"));
    expect(replaced.status).toBe(303);
    expect(await db.selectFrom("files").where("id", "=", fileId).select("id").executeTakeFirst()).toBeUndefined();

    // Removing asks first: the bare post answers with the question and keeps the logo.
    const asked = await send(app, "POST", "/settings/logo/remove", ownerOf);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Remove the logo of");
    const removed = await sendConfirmed(app, "/settings/logo/remove", ownerOf);
    expect(removed.status).toBe(303);
    const after = await db
      .selectFrom("centres")
      .where("id", "=", fixture.id)
      .select("logo_file_id")
      .executeTakeFirstOrThrow();
    expect(after.logo_file_id).toBeNull();
    expect((await app.handle(new Request(`http://localhost/c/${fixture.slug}/logo`))).status).toBe(404);
    expect((await auditOf(fixture.id)).map((event) => Object.keys(event.after as object))).toEqual([
      ["logoFileId"],
      ["logoFileId"],
      ["logoFileId"],
    ]);
  });

  test("a file that is not an image, or no file, is refused beside the field and nothing is kept", async () => {
    const pdf = new File([new TextEncoder().encode("%PDF-1.7\n"), new Uint8Array(100)], "logo.pdf");
    const refused = await postLogo(owner, pdf);
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain("That file is not a JPEG, PNG or WebP image.");
    const empty = await postLogo(owner, new File([], ""));
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Choose an image file for the logo.");
    const row = await db
      .selectFrom("centres")
      .where("id", "=", centre.id)
      .select("logo_file_id")
      .executeTakeFirstOrThrow();
    expect(row.logo_file_id).toBeNull();
    const kept = await db
      .selectFrom("files")
      .where("centre_id", "=", centre.id)
      .where("kind", "=", "centre_logo")
      .select("id")
      .execute();
    expect(kept).toEqual([]);
  });
});

describe("in the centre's language", () => {
  test.each([
    [
      "es",
      "Europe/Madrid",
      "De Europe/Madrid a UTC.",
      "Cambiar la zona horaria a UTC",
      "Nombre, dirección y zona horaria",
    ],
    ["ar", "Asia/Dubai", "من Asia/Dubai إلى UTC.", "تغيير المنطقة الزمنية إلى UTC", "الاسم والعنوان والمنطقة الزمنية"],
  ] as const)(
    "%s: the settings and the preview are translated",
    async (locale, timeZone, summary, confirm, heading) => {
      const fixture = await createCentre({ label: `identity-${locale}`, locale, timeZone });
      await scheduledClass(fixture, { startsOn: "2026-01-01" });
      const ownerOf = await signedInAs(fixture.people.centre_owner);
      expect(await (await send(app, "GET", "/settings", ownerOf)).text()).toContain(heading);
      const preview = await (
        await send(app, "POST", "/settings/time-zone", ownerOf, { body: { timeZone: "UTC" } })
      ).text();
      expect(preview).toContain(summary);
      expect(preview).toContain(confirm);
      expect(preview).not.toContain("Local time (kept)");
      const bad = await send(app, "POST", "/settings/contact", ownerOf, { body: { website: "nope" } });
      expect(bad.status).toBe(422);
      expect(await bad.text()).not.toContain("Enter a web address");
    },
  );
});
