import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, type Credentials, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";

/**
 * The people pages in a centre's language: words from the catalogue, dates from Intl in the
 * centre's time zone, validation and not-found messages translated.
 */
const app = createApp();
// 29 March 2026, 00:30 UTC: half an hour before Madrid's clocks go forward (01:30 CET, then CEST).
const BEFORE_SPRING_FORWARD = new Date("2026-03-29T00:30:00Z");

let spanish: Centre;
let arabic: Centre;
let spanishAdmin: Credentials;
let arabicAdmin: Credentials;

beforeAll(async () => {
  [spanish, arabic] = await Promise.all([
    createCentre({ label: "people-es", locale: "es", timeZone: "Europe/Madrid" }),
    createCentre({ label: "people-ar", locale: "ar", timeZone: "Asia/Dubai" }),
  ]);
  [spanishAdmin, arabicAdmin] = await Promise.all([
    signedInAs(spanish.people.centre_admin),
    signedInAs(arabic.people.centre_admin),
  ]);
  for (const centre of [spanish, arabic]) {
    await db
      .updateTable("users")
      .set({ last_sign_in_at: BEFORE_SPRING_FORWARD })
      .where("id", "=", centre.people.student.id)
      .execute();
  }
});

async function html(who: Credentials, method: string, path: string, body?: Record<string, string>) {
  const response = await send(app, method, path, who, body ? { body } : {});
  return { status: response.status, text: await response.text() };
}

describe("people pages in Spanish", () => {
  test("the list: title, buttons, columns, statuses and the count as Intl plurals", async () => {
    const page = await html(spanishAdmin, "GET", "/people");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="es" dir="ltr">');
    expect(page.text).toContain("<h1>Personas</h1>");
    expect(page.text).toContain("Añadir un alumno");
    expect(page.text).toContain("Invitar a personal o a una familia");
    expect(page.text).toContain(">activa</span>");
    expect(page.text).toContain(`código ${spanish.people.student.studentCode}`);
    expect(page.text).toMatch(/\d+ personas/);
    expect(page.text).toContain("Administrador del centro");
    expect(page.text).not.toContain("Add a student");
  });

  test("a student's page: date of birth and last sign-in as Intl writes them, in Madrid time", async () => {
    const student = spanish.people.student;
    const page = await html(spanishAdmin, "GET", `/people/${student.id}`);
    expect(page.status).toBe(200);
    const born = new Intl.DateTimeFormat("es", { dateStyle: "long", timeZone: "UTC" }).format(
      new Date(`${student.dateOfBirth}T12:00:00Z`),
    );
    const lastSignIn = new Intl.DateTimeFormat("es", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Madrid",
    }).format(BEFORE_SPRING_FORWARD);
    expect(page.text).toContain(`<dt>Fecha de nacimiento</dt><dd>${born}</dd>`);
    expect(page.text).toContain(`<dt>Último acceso</dt><dd>${lastSignIn}</dd>`);
    expect(lastSignIn).toContain("1:30");
    expect(page.text).toContain("Acceso con PIN");
    expect(page.text).toContain("Restablecer PIN");
    expect(page.text).toContain('<h2 id="parents-heading">Familia</h2>');
  });

  test("the new-student form refuses bad input with Spanish messages (422)", async () => {
    const refused = await html(spanishAdmin, "POST", "/people/students", {
      name: "",
      studentCode: "!",
      dateOfBirth: "2999-01-01",
      pin: "12",
    });
    expect(refused.status).toBe(422);
    for (const message of [
      "Corrige los campos señalados.",
      "Introduce el nombre del alumno",
      "Usa de 2 a 20 letras, cifras o guiones, o déjalo vacío",
      "Introduce una fecha de nacimiento real",
      "Un PIN tiene de 4 a 8 cifras",
    ]) {
      expect(refused.text).toContain(message);
    }
    const easy = await html(spanishAdmin, "POST", "/people/students", {
      name: "Lucía Fácil",
      studentCode: "",
      dateOfBirth: "2014-07-23",
      pin: "123456",
    });
    expect(easy.status).toBe(422);
    expect(easy.text).toContain("Ese PIN es demasiado fácil de adivinar");
  });

  test("a new PIN, then the PIN page says who gave it and when, in Spanish", async () => {
    const student = spanish.people.student;
    const issued = await html(spanishAdmin, "POST", `/people/${student.id}/pin`);
    expect(issued.status).toBe(201);
    expect(issued.text).toContain("<h1>PIN nuevo</h1>");
    expect(issued.text).toContain(`Código de alumno ${student.studentCode} · PIN nuevo:`);
    expect(issued.text).toContain(`Para <strong>${student.name}</strong>`);

    const page = await html(spanishAdmin, "GET", `/students/${student.id}/pin`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`PIN de ${student.name}`);
    expect(page.text).toMatch(
      new RegExp(`data-last-reset>[^<]+, por ${spanish.people.centre_admin.name} \\(Administrador del centro\\)<`),
    );
  });

  test("an invitation link's expiry is a localised date; an unknown person is a Spanish 404", async () => {
    const invited = await html(spanishAdmin, "POST", "/people/invite", {
      name: "Marta Invitada",
      email: `marta-${crypto.randomUUID().slice(0, 8)}@example.test`,
      role: "parent",
    });
    expect(invited.status).toBe(201);
    expect(invited.text).toContain("Invitación lista");
    expect(invited.text).toContain("Marta Invitada (Familia)");
    expect(invited.text).toMatch(/El enlace funciona una sola vez, hasta el \d{1,2} de [a-z]+ de \d{4}/);

    const missing = await html(spanishAdmin, "GET", `/people/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("Esa persona no pertenece a este centro.");
  });
});

describe("people pages in Arabic", () => {
  test("the list and a person read right to left, with Arabic words and Intl's Arabic dates", async () => {
    const list = await html(arabicAdmin, "GET", "/people");
    expect(list.text).toContain('<html lang="ar" dir="rtl">');
    expect(list.text).toContain("<h1>الأشخاص</h1>");
    expect(list.text).toContain("إضافة طالب");
    expect(list.text).toContain(">نشط</span>");

    const student = arabic.people.student;
    const person = await html(arabicAdmin, "GET", `/people/${student.id}`);
    const lastSignIn = new Intl.DateTimeFormat("ar", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Asia/Dubai",
    }).format(BEFORE_SPRING_FORWARD);
    expect(person.text).toContain(`<dt>آخر تسجيل دخول</dt><dd>${lastSignIn}</dd>`);
    expect(person.text).toContain("أولياء الأمور");
  });

  test("validation messages are Arabic", async () => {
    const refused = await html(arabicAdmin, "POST", "/people/invite", { name: "", email: "nope", role: "wizard" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("أدخل الاسم");
    expect(refused.text).toContain("أدخل عنوان بريد إلكتروني صالحًا");
    expect(refused.text).toContain("اختر دورًا");
  });
});
