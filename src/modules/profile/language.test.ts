import { beforeAll, describe, expect, test } from "bun:test";
import { type Centre, createCentre, createPlatformAdmin, signInFormFor } from "../../../tests/support/fixtures";
import { signIn, type TestSession } from "../../../tests/support/session";
import { createApp } from "../../app";
import { db } from "../../platform/db";

/**
 * A person's own language, chosen on their profile: stored on their account, applied at once to
 * every device they are signed in on, audited; "the centre's" follows the centre again.
 */
const app = createApp();
let centre: Centre;

beforeAll(async () => {
  // An en-US centre, so "back to the centre's language" is told apart from the en-GB fallback.
  centre = await createCentre({ label: "language", locale: "en-US", timeZone: "America/New_York" });
});

function documentOf(html: string): { lang: string | undefined; dir: string | undefined } {
  const tag = /<html\b[^>]*>/.exec(html)?.[0] ?? "";
  return { lang: /\blang="([^"]+)"/.exec(tag)?.[1], dir: /\bdir="([^"]+)"/.exec(tag)?.[1] };
}

async function pageOf(session: TestSession, path: string) {
  const response = await session.get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  return { html, ...documentOf(html) };
}

async function storedLocale(userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").where("id", "=", userId).select("locale").executeTakeFirstOrThrow();
  return row.locale;
}

async function languageAudits(userId: string) {
  return db
    .selectFrom("audit_events")
    .where("actor_id", "=", userId)
    .where("target_id", "=", userId)
    .where("action", "=", "user.update")
    .select(["before", "after", "centre_id as centreId"])
    .orderBy("id")
    .execute();
}

describe("choosing one's own language", () => {
  test("the profile offers the centre's language first, then every shipped language in itself", async () => {
    const here = await signIn(app, signInFormFor(centre, centre.people.parent));
    const { html, lang } = await pageOf(here, "/profile");
    expect(lang).toBe("en-US");
    const select = /<select id="field-locale" name="locale"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
    const options = [...select.matchAll(/<option value="([^"]*)"([^>]*)>([^<]*)<\/option>/g)].map((match) => ({
      value: match[1],
      selected: (match[2] ?? "").includes("selected"),
      label: match[3],
    }));
    expect(options.map((option) => option.value)).toEqual(["", "en-GB", "en-US", "en-AU", "es", "ar"]);
    expect(options[0]).toEqual({ value: "", selected: true, label: "Center default (English (US))" });
    expect(options.map((option) => option.label)).toContain("Español");
    expect(options.map((option) => option.label)).toContain("العربية");
    expect(html).toContain('<option value="ar" lang="ar">');
  });

  test("es, then ar, then back to the centre's: every device follows at once, each change audited", async () => {
    const person = centre.people.tutor;
    const here = await signIn(app, signInFormFor(centre, person));
    const phone = await signIn(app, signInFormFor(centre, person));

    const toSpanish = await here.post("/profile/language", { locale: "es" });
    expect(toSpanish.status).toBe(303);
    expect(toSpanish.headers.get("location")).toBe("/profile?changed=language");
    const profile = await pageOf(here, "/profile?changed=language");
    expect(profile).toMatchObject({ lang: "es", dir: "ltr" });
    expect(profile.html).toContain("Tu perfil");
    expect(profile.html).toContain("Idioma guardado.");
    expect(profile.html).toContain('<option value="es" lang="es" selected>Español</option>');
    // The other device was not touched by the request, yet its next page is in Spanish.
    const elsewhere = await pageOf(phone, "/profile");
    expect(elsewhere.lang).toBe("es");
    expect(elsewhere.html).toContain("Cerrar sesión en todas partes");
    expect(await storedLocale(person.id)).toBe("es");

    expect((await here.post("/profile/language", { locale: "ar" })).status).toBe(303);
    for (const device of [here, phone]) {
      const arabic = await pageOf(device, "/profile");
      expect(arabic).toMatchObject({ lang: "ar", dir: "rtl" });
      expect(arabic.html).toContain("ملفك الشخصي");
    }

    expect((await here.post("/profile/language", { locale: "" })).status).toBe(303);
    for (const device of [here, phone]) {
      const centres = await pageOf(device, "/profile");
      expect(centres).toMatchObject({ lang: "en-US", dir: "ltr" });
      expect(centres.html).toContain("Your profile");
      expect(centres.html).toContain('<option value="" selected>Center default (English (US))</option>');
    }
    expect(await storedLocale(person.id)).toBeNull();

    // Choosing what is already chosen changes nothing and writes no audit row.
    expect((await here.post("/profile/language", { locale: "" })).status).toBe(303);
    expect(await languageAudits(person.id)).toEqual([
      { before: { locale: null }, after: { locale: "es" }, centreId: centre.id },
      { before: { locale: "es" }, after: { locale: "ar" }, centreId: centre.id },
      { before: { locale: "ar" }, after: { locale: null }, centreId: centre.id },
    ]);
  });

  test("a later sign-in starts in the chosen language", async () => {
    const person = centre.people.head_tutor;
    const here = await signIn(app, signInFormFor(centre, person));
    expect((await here.post("/profile/language", { locale: "es" })).status).toBe(303);
    const later = await signIn(app, signInFormFor(centre, person));
    expect((await pageOf(later, "/home")).lang).toBe("es");
  });

  test("a language that is not offered is refused with 422 in the person's language, and nothing changes", async () => {
    const person = centre.people.centre_admin;
    const here = await signIn(app, signInFormFor(centre, person));
    const phone = await signIn(app, signInFormFor(centre, person));
    expect((await here.post("/profile/language", { locale: "es" })).status).toBe(303);
    const auditsBefore = (await languageAudits(person.id)).length;

    const notOffered: Record<string, string>[] = [
      { locale: "fr" },
      { locale: "es-MX" },
      { locale: "EN-GB" },
      {},
      { locale: "x".repeat(5000) },
    ];
    for (const bad of notOffered) {
      const refused = await here.post("/profile/language", bad);
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(documentOf(html).lang).toBe("es");
      expect(html).toContain("Elige uno de los idiomas disponibles.");
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('action="/profile/language"');
    }
    expect(await storedLocale(person.id)).toBe("es");
    expect((await pageOf(phone, "/profile")).lang).toBe("es");
    expect(await languageAudits(person.id)).toHaveLength(auditsBefore);
  });

  test("a student chooses too, and a platform admin outside any centre is offered their browser's language", async () => {
    const student = await signIn(app, signInFormFor(centre, centre.people.student));
    expect((await student.post("/profile/language", { locale: "ar" })).status).toBe(303);
    expect((await pageOf(student, "/profile")).dir).toBe("rtl");

    const platformAdmin = await createPlatformAdmin();
    const admin = await signIn(app, signInFormFor(centre, platformAdmin));
    const spanishBrowser = { "accept-language": "es-ES,es;q=0.9" };
    const before = await admin.get("/profile", spanishBrowser);
    const html = await before.text();
    expect(documentOf(html).lang).toBe("es");
    expect(html).toContain('<option value="" selected>El idioma de tu navegador</option>');
    expect((await admin.post("/profile/language", { locale: "en-AU" }, spanishBrowser)).status).toBe(303);
    expect(documentOf(await (await admin.get("/profile", spanishBrowser)).text()).lang).toBe("en-AU");
    expect(await storedLocale(platformAdmin.id)).toBe("en-AU");
  });
});
