import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  type Centre,
  createCentre,
  kioskCredentials,
  pairKiosk,
  signedInAs,
  signInFormFor,
} from "../../../tests/support/fixtures";
import { signIn } from "../../../tests/support/session";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "language" });
});

function langOf(html: string): string | undefined {
  return /<html lang="([^"]+)"/.exec(html)?.[1];
}

async function localeOf(centreId: string): Promise<string> {
  const row = await db.selectFrom("centres").where("id", "=", centreId).select("locale").executeTakeFirstOrThrow();
  return row.locale;
}

describe("a centre's language", () => {
  test("the settings page offers every shipped language, each named in itself, the current one chosen", async () => {
    const owner = await signedInAs(centre.people.centre_owner);
    const html = await (await send(app, "GET", "/settings", owner)).text();
    expect(html).toContain('action="/settings/language"');
    for (const name of ["English (UK)", "English (US)", "English (Australia)", "Español", "العربية"]) {
      expect(html).toContain(`>${name}</option>`);
    }
    expect(html).toContain('<option value="en-GB" selected lang="en-GB">English (UK)</option>');
    expect(html).toContain('Pages here are in <strong lang="en-GB">English (UK)</strong>.');

    // A centre admin reads the settings, and the language, but has no form to change it.
    const admin = await signedInAs(centre.people.centre_admin);
    const adminHtml = await (await send(app, "GET", "/settings", admin)).text();
    expect(adminHtml).toContain('<strong lang="en-GB">English (UK)</strong>');
    expect(adminHtml).not.toContain('action="/settings/language"');
  });

  // Failed before: there was no way to change a centre's language.
  test("an owner sets Spanish: audited, staff see Spanish next, a person who chose English keeps it, kiosks follow", async () => {
    const fixture = await createCentre({ label: "language-es" });
    // The tutor chose British English on their profile; it is copied into their session at sign-in.
    await db.updateTable("users").set({ locale: "en-GB" }).where("id", "=", fixture.people.tutor.id).execute();
    const tutor = await signIn(app, signInFormFor(fixture, fixture.people.tutor));
    const admin = await signedInAs(fixture.people.centre_admin);
    const kiosk = await kioskCredentials(await pairKiosk(fixture));
    expect(langOf(await (await send(app, "GET", "/home", admin)).text())).toBe("en-GB");

    const owner = await signedInAs(fixture.people.centre_owner);
    const saved = await send(app, "POST", "/settings/language", owner, { body: { locale: "es" } });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/settings");
    expect(await localeOf(fixture.id)).toBe("es");

    const audit = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", fixture.id)
      .where("action", "=", "settings.update")
      .select(["actor_id", "before", "after"])
      .execute();
    expect(audit).toEqual([
      { actor_id: fixture.people.centre_owner.id, before: { locale: "en-GB" }, after: { locale: "es" } },
    ]);

    // The admin's very next page, with the session they already had.
    const adminHome = await (await send(app, "GET", "/home", admin)).text();
    expect(langOf(adminHome)).toBe("es");
    expect(adminHome).toContain(`Hola, ${fixture.people.centre_admin.name}`);
    expect(adminHome).toContain("Registro de auditoría");

    const tutorHome = await (await tutor.get("/home")).text();
    expect(langOf(tutorHome)).toBe("en-GB");
    expect(tutorHome).toContain(`Hello, ${fixture.people.tutor.name}`);

    // The kiosk follows its centre: its own screen, and a refusal of what a kiosk may not do.
    const kioskPage = await send(app, "GET", "/kiosk", kiosk);
    expect(kioskPage.status).toBe(200);
    expect(langOf(await kioskPage.text())).toBe("es");
    const refused = await send(app, "GET", "/settings", kiosk);
    expect(refused.status).toBe(403);
    const refusedHtml = await refused.text();
    expect(langOf(refusedHtml)).toBe("es");
    expect(refusedHtml).toContain("Este quiosco no puede hacer eso.");

    // The owner's own settings page now says so, in Spanish.
    const settings = await (await send(app, "GET", "/settings", owner)).text();
    expect(settings).toContain('<option value="es" selected lang="es">Español</option>');
    expect(settings).toContain('Las páginas de este centro están en <strong lang="es">Español</strong>.');

    // Saving the same language again changes nothing and audits nothing.
    expect((await send(app, "POST", "/settings/language", owner, { body: { locale: "es" } })).status).toBe(303);
    const events = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", fixture.id)
      .where("action", "=", "settings.update")
      .select("id")
      .execute();
    expect(events).toHaveLength(1);
  });

  test("Arabic turns the pages right-to-left", async () => {
    const fixture = await createCentre({ label: "language-ar" });
    const owner = await signedInAs(fixture.people.centre_owner);
    expect((await send(app, "POST", "/settings/language", owner, { body: { locale: "ar" } })).status).toBe(303);
    const html = await (await send(app, "GET", "/settings", owner)).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("إعدادات المركز");
  });

  test("anything but a shipped language is a 422 with a message in the page's language; nothing changes", async () => {
    const fixture = await createCentre({ label: "language-bad", locale: "es" });
    const owner = await signedInAs(fixture.people.centre_owner);
    for (const locale of ["fr", "EN-gb", "", "es-MX", "<script>"]) {
      const response = await send(app, "POST", "/settings/language", owner, { body: { locale } });
      expect({ locale, status: response.status }).toEqual({ locale, status: 422 });
      expect(await response.text()).toContain("Elige uno de los idiomas de la lista.");
    }
    const missing = await send(app, "POST", "/settings/language", owner, { body: {} });
    expect(missing.status).toBe(422);
    expect(await localeOf(fixture.id)).toBe("es");
  });

  test("only the owner may change it", async () => {
    for (const role of ["centre_admin", "head_tutor", "tutor", "parent"] as const) {
      const who = await signedInAs(centre.people[role]);
      const response = await send(app, "POST", "/settings/language", who, { body: { locale: "es" } });
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
    }
    expect(await localeOf(centre.id)).toBe("en-GB");
  });
});
