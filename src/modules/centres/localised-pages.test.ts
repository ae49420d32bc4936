import { beforeAll, describe, expect, test } from "bun:test";
import { ORIGIN, send } from "../../../tests/security/walk";
import {
  type Centre,
  type Credentials,
  createCentre,
  createPlatformAdmin,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { formatDate, formatDateParts, formatDateTime, type Locale, withLocalisation } from "../../platform/i18n";

/**
 * The pages of the centres, platform, audit and home areas in Spanish and Arabic: translated text,
 * dates and figures from Intl in the centre's time zone, and translated validation messages.
 */

const app = createApp();
const centres: Record<"es" | "ar", Centre> = {} as Record<"es" | "ar", Centre>;
let platformAdmin: Credentials;

beforeAll(async () => {
  centres.es = await createCentre({ label: "pages-es", locale: "es", timeZone: "Europe/Madrid" });
  centres.ar = await createCentre({ label: "pages-ar", locale: "ar", timeZone: "Asia/Dubai" });
  platformAdmin = await signedInAs(await createPlatformAdmin());
});

function inLocale<T>(locale: Locale, timeZone: string, work: () => T): T {
  return withLocalisation({ locale, timeZone }, work);
}

/** What the page shows for a text, after the JSX runtime escaped it. */
function escaped(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("'", "&#39;");
}

describe("the landing page before sign-in follows Accept-Language", () => {
  test.each([
    ["es", "ltr", "Te damos la bienvenida a AetherLearn", "Inicia sesión en tu centro"],
    ["ar", "rtl", "مرحبًا بك في AetherLearn", "سجّل الدخول إلى مركزك"],
    ["en-US", "ltr", "Welcome to AetherLearn", "Sign in to your center"],
  ])("%s", async (locale, dir, heading, list) => {
    const response = await app.handle(new Request(`${ORIGIN}/`, { headers: { "accept-language": locale } }));
    const html = await response.text();
    expect(html).toContain(`<html lang="${locale}" dir="${dir}">`);
    expect(html).toContain(heading);
    expect(html).toContain(list);
  });
});

describe("centre settings", () => {
  test("in Spanish and Arabic, with the PIN length as a plural and feature names translated", async () => {
    const es = await (await send(app, "GET", "/settings", await signedInAs(centres.es.people.centre_owner))).text();
    expect(es).toContain("<h1>Ajustes del centro</h1>");
    expect(es).toContain("Los PIN nuevos tienen <strong>6</strong> dígitos.");
    expect(es).toContain("Gamificación: XP, rachas, insignias y clasificaciones");
    expect(es).toContain('<option value="4">4 dígitos</option>');
    expect(es).not.toContain("Turn on");

    const ar = await (await send(app, "GET", "/settings", await signedInAs(centres.ar.people.centre_owner))).text();
    expect(ar).toContain("<h1>إعدادات المركز</h1>");
    expect(ar).toContain("تتكوّن الأرقام السرية الجديدة من <strong>6</strong> خانات.");
    expect(ar).toContain("حفظ اللغة");
  });

  test("a wrong PIN length is refused in the page's language", async () => {
    const owner = await signedInAs(centres.es.people.centre_owner);
    const response = await send(app, "POST", "/settings/pin-length", owner, { body: { pinLength: "5" } });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Elige 4 o 6 dígitos");
  });
});

describe("the audit log", () => {
  test.each(["es", "ar"] as const)(
    "in %s: labels read in the reader's language, times by Intl in the centre's zone",
    async (locale) => {
      const centre = centres[locale];
      const owner = await signedInAs(centre.people.centre_owner);
      // Written while the centre was in another language: labels are looked up when read.
      expect(
        (await send(app, "POST", "/settings/features", owner, { body: { feature: "video_sessions", enabled: "true" } }))
          .status,
      ).toBe(303);
      const event = await db
        .selectFrom("audit_events")
        .where("centre_id", "=", centre.id)
        .where("action", "=", "settings.update")
        .select("created_at")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      const html = await (await send(app, "GET", "/audit", owner)).text();
      const expected = {
        es: {
          heading: "Registro de auditoría",
          label: "Ajustes cambiados",
          role: "Titular del centro",
          any: "Cualquier acción",
        },
        ar: { heading: "سجل التدقيق", label: "تغيير الإعدادات", role: "", any: "أي إجراء" },
      }[locale];
      expect(html).toContain(`<h1>${expected.heading}</h1>`);
      expect(html).toContain(`<td>${expected.label}</td>`);
      expect(html).toContain(`>${expected.any}</option>`);
      if (expected.role) expect(html).toContain(`(${expected.role})`);
      const when = inLocale(locale, centre.timeZone, () =>
        formatDateParts(event.created_at, { dateStyle: "medium", timeStyle: "medium" }),
      );
      expect(html).toContain(`>${escaped(when)}</time>`);
      expect(html).not.toContain("Settings changed");
    },
  );

  test("a malformed filter is a 422 with the message in the reader's language", async () => {
    const owner = await signedInAs(centres.es.people.centre_owner);
    const response = await send(app, "GET", "/audit", owner, { query: "from=2026-02-30" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Usa una fecha como 2026-01-31");
    const ar = await send(app, "GET", "/audit", await signedInAs(centres.ar.people.centre_owner), {
      query: "action=drop.table",
    });
    expect(ar.status).toBe(422);
    expect(await ar.text()).toContain("اختر إجراءً من القائمة");
  });
});

describe("home", () => {
  test("a parent's consent card in Spanish, the time by Intl on the centre's clock", async () => {
    const centre = centres.es;
    const parent = await signedInAs(centre.people.parent);
    const given = await send(app, "POST", `/consent/${centre.youngStudent.id}/give`, parent);
    expect(given.status).toBe(303);
    const consent = await db
      .selectFrom("consent_events")
      .where("student_id", "=", centre.youngStudent.id)
      .select("created_at")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const html = await (await send(app, "GET", "/home", parent)).text();
    expect(html).toContain(`Hola, ${centre.people.parent.name}`);
    expect(html).toContain(`Familia en ${centre.name}`);
    expect(html).toContain("Tus hijos");
    expect(html).toContain("Retirar consentimiento");
    const since = inLocale("es", centre.timeZone, () => formatDateTime(consent.created_at));
    expect(html).toContain(`desde el ${escaped(since)}`);
    expect(html).toContain(`${centre.youngStudent.name} tiene menos de 13 años`);
  });

  test("a bad child id is refused in Arabic", async () => {
    const parent = await signedInAs(centres.ar.people.parent);
    const response = await send(app, "POST", "/consent/not-an-id/give", parent);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("تعذّر العثور على هذا الطفل");
  });
});

describe("the platform admin's pages follow their browser's language", () => {
  test("centres in Spanish: dates and counts by Intl, each centre's language named", async () => {
    const response = await send(app, "GET", "/platform/centres", platformAdmin, {
      headers: { "accept-language": "es" },
    });
    const html = await response.text();
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain("Crear un centro");
    const created = await db
      .selectFrom("centres")
      .where("id", "=", centres.ar.id)
      .select("created_at")
      .executeTakeFirstOrThrow();
    const row = html.slice(html.indexOf(`data-centre-slug="${centres.ar.slug}"`));
    expect(row).toContain(`data-locale="ar"`);
    const since = inLocale("es", "UTC", () => formatDate(created.created_at));
    expect(row).toContain(`${centres.ar.slug} · Asia/Dubai · العربية · desde el ${since}`);
    expect(row).toMatch(/\d+ activas · \d+ invitadas · \d+ desactivadas/);
  });

  test("creating a centre takes its language; a bad one or a bad time zone is refused in the admin's language", async () => {
    const slug = `lang-${crypto.randomUUID().slice(0, 8)}`;
    const created = await send(app, "POST", "/platform/centres", platformAdmin, {
      body: { name: "Centro Sol", slug, timeZone: "Europe/Madrid", locale: "es" },
      headers: { "accept-language": "es" },
    });
    expect(created.status).toBe(303);
    const row = await db
      .selectFrom("centres")
      .where("slug", "=", slug)
      .select(["id", "locale"])
      .executeTakeFirstOrThrow();
    expect(row.locale).toBe("es");
    const audit = await db
      .selectFrom("audit_events")
      .where("action", "=", "centre.create")
      .where("target_id", "=", row.id)
      .select("after")
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ name: "Centro Sol", slug, timeZone: "Europe/Madrid", locale: "es" });
    const notice = await send(app, "GET", `/platform/centres?created=${slug}`, platformAdmin, {
      headers: { "accept-language": "es" },
    });
    expect(await notice.text()).toContain(`Se ha creado el centro ${slug}.`);

    const badLocale = await send(app, "POST", "/platform/centres", platformAdmin, {
      body: {
        name: "Centre Lune",
        slug: `lang-${crypto.randomUUID().slice(0, 8)}`,
        timeZone: "Europe/Paris",
        locale: "fr",
      },
      headers: { "accept-language": "es" },
    });
    expect(badLocale.status).toBe(422);
    const badLocaleHtml = await badLocale.text();
    expect(badLocaleHtml).toContain("Elige uno de los idiomas de la lista.");
    expect(badLocaleHtml).toContain("Corrige los campos señalados.");

    const badZone = await send(app, "POST", "/platform/centres", platformAdmin, {
      body: { name: "Mars", slug: `lang-${crypto.randomUUID().slice(0, 8)}`, timeZone: "Mars/Olympus", locale: "ar" },
      headers: { "accept-language": "ar" },
    });
    expect(badZone.status).toBe(422);
    const badZoneHtml = await badZone.text();
    expect(badZoneHtml).toContain('<html lang="ar" dir="rtl">');
    expect(badZoneHtml).toContain("أدخل اسم منطقة زمنية مثل Europe/London");
    // The form keeps the language that was chosen.
    expect(badZoneHtml).toContain('<option value="ar" selected lang="ar">العربية</option>');
  });

  test("system health in Spanish and Arabic", async () => {
    const es = await (
      await send(app, "GET", "/platform/health", platformAdmin, { headers: { "accept-language": "es" } })
    ).text();
    expect(es).toContain("<h1>Estado del sistema</h1>");
    expect(es).toContain("<caption>Dependencias</caption>");
    expect(es).toContain("Latido del proceso de tareas");
    expect(es).toMatch(/data-check="PostgreSQL"[\s\S]*?<td>\d+(,\d)? ms<\/td>/);
    const ar = await (
      await send(app, "GET", "/platform/health", platformAdmin, { headers: { "accept-language": "ar" } })
    ).text();
    expect(ar).toContain("<h1>حالة النظام</h1>");
    expect(ar).toContain("النسخ الاحتياطية وتمرين الاستعادة");
  });
});

describe("the shared shell", () => {
  test("a form sent from another site is refused in the centre's language", async () => {
    const owner = await signedInAs(centres.es.people.centre_owner);
    const response = await send(app, "POST", "/settings/language", owner, {
      body: { locale: "en-GB" },
      origin: "https://evil.example",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Este formulario se envió desde otro sitio, así que se ha rechazado.");
  });

  test("a form whose token expired is refused in Arabic", async () => {
    const owner = await signedInAs(centres.ar.people.centre_owner);
    const response = await send(app, "POST", "/settings/language", owner, { body: { locale: "en-GB" }, csrf: "wrong" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("انتهت صلاحية هذا النموذج");
  });
});
