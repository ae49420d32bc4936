import { beforeAll, describe, expect, test } from "bun:test";
import { type Centre, createCentre } from "../../../tests/support/fixtures";
import { csrfTokenIn } from "../../../tests/support/session";
import { visitor } from "../../../tests/support/visitor";
import { createApp } from "../../app";

/** Before sign-in there is no person or centre to ask: the page is in the browser's language. */
const app = createApp();
const MEXICAN_SPANISH = "es-MX,es;q=0.9";
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "sign-in-language" });
});

const htmlTag = (html: string) => /<html\b[^>]*>/.exec(html)?.[0] ?? "";

describe("the sign-in page before sign-in", () => {
  test("Accept-Language es-MX gets the Spanish page; a wrong password is refused in Spanish", async () => {
    const browser = visitor(app, { acceptLanguage: MEXICAN_SPANISH });
    const page = await browser.get(`/c/${centre.slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(htmlTag(html)).toContain('lang="es"');
    expect(html).toContain(`<title>Iniciar sesión en ${centre.name} · AetherLearn</title>`);
    expect(html).toContain("Personal y familias: tu correo y tu contraseña.");
    expect(html).toContain("Iniciar sesión como alumno");
    expect(html).not.toContain("Staff and parents");

    const refused = await browser.post("/sign-in", {
      _csrf: csrfTokenIn(html),
      mode: "password",
      centre: centre.slug,
      email: centre.people.tutor.email,
      password: "not-the-password",
    });
    expect(refused.status).toBe(401);
    const again = await refused.text();
    expect(htmlTag(again)).toContain('lang="es"');
    expect(again).toContain("Ese correo y esa contraseña no corresponden a ninguna cuenta activa de este centro.");
    expect(again).not.toContain("do not match");

    const missing = await browser.post("/sign-in", {
      _csrf: csrfTokenIn(html),
      mode: "student",
      centre: centre.slug,
      studentCode: "",
      pin: "12",
    });
    expect(missing.status).toBe(422);
    const text = await missing.text();
    expect(text).toContain("Introduce tu código de alumno");
    expect(text).toContain("Tu PIN tiene de 4 a 8 cifras");
  });

  test("Arabic browsers get the page right to left; others the source language", async () => {
    const arabic = await (
      await visitor(app, { acceptLanguage: "ar-EG,ar;q=0.8,en;q=0.5" }).get(`/c/${centre.slug}`)
    ).text();
    expect(htmlTag(arabic)).toContain('lang="ar"');
    expect(htmlTag(arabic)).toContain('dir="rtl"');
    expect(arabic).toContain("تسجيل الدخول كطالب");

    const french = await (await visitor(app, { acceptLanguage: "fr-FR,fr;q=0.9" }).get("/sign-in")).text();
    expect(htmlTag(french)).toContain('lang="en-GB"');
    expect(french).toContain("type your centre&#39;s code here.");

    const american = await (await visitor(app, { acceptLanguage: "en-US" }).get("/sign-in")).text();
    expect(american).toContain("type your center&#39;s code here.");
  });

  test("after choosing a password from a link, the sign-in page says so, in the browser's language", async () => {
    const spanish = await (
      await visitor(app, { acceptLanguage: MEXICAN_SPANISH }).get("/sign-in?done=password")
    ).text();
    expect(spanish).toContain(
      '<div class="notice ok" role="status">Tu contraseña ya está guardada. Inicia sesión con ella.</div>',
    );
    const english = await (await visitor(app, { acceptLanguage: "en-GB" }).get("/sign-in?done=password")).text();
    expect(english).toContain("Your password is set. Sign in with it now.");
    expect(await (await visitor(app, { acceptLanguage: "en-GB" }).get("/sign-in")).text()).not.toContain(
      "Your password is set.",
    );
  });
});
