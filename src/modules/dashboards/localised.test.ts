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
let spanish: Centre;
let arabic: Centre;

async function withDemoWork(centre: Centre): Promise<void> {
  const centreId = trustedCentreId(centre.id);
  await seedDemoCourses(db, centreId, centre.people.head_tutor.id);
  await seedDemoClasses(db, centreId);
  await seedDemoHomework(db, centreId);
}

beforeAll(async () => {
  [spanish, arabic] = await Promise.all([
    createCentre({ label: "dash-es", locale: "es", timeZone: "Europe/Madrid" }),
    createCentre({ label: "dash-ar", locale: "ar", timeZone: "Asia/Dubai" }),
  ]);
  await Promise.all([withDemoWork(spanish), withDemoWork(arabic)]);
}, 60_000);

async function page(centre: Centre, person: keyof Centre["people"], path: string): Promise<string> {
  const response = await send(app, "GET", path, await signedInAs(centre.people[person]));
  expect(response.status).toBe(200);
  return response.text();
}

describe("dashboards in Spanish and Arabic", () => {
  // Failed before: headings, statuses and dates were English, and dates were formatted as en-GB.
  test("a student's progress page: headings, statuses and due dates from Intl", async () => {
    const es = await page(spanish, "student", "/progress");
    for (const word of ["Progreso:", "Ejercicios respondidos", "Deberes entregados", "Deberes"]) {
      expect(es).toContain(word);
    }
    // Weekday abbreviations carry accents ("sáb", "miér."): any Spanish letter.
    expect(es).toMatch(/entrega: [a-záéíóú]{3,4}\.?,? \d{1,2} [a-z]{3}/);
    expect(es).not.toContain("Exercises answered");

    const ar = await page(arabic, "student", "/progress");
    expect(ar).toContain('dir="rtl"');
    for (const word of ["التقدّم:", "التمارين المُجابة", "الواجبات المُسلَّمة"]) expect(ar).toContain(word);
    expect(ar).toContain("موعد التسليم");
  });

  test("the home dashboards of a tutor, a parent and an admin", async () => {
    const tutor = await page(spanish, "tutor", "/home");
    expect(tutor).toContain("Mis clases de hoy");
    expect(tutor).toContain("Alumnos que necesitan atención");
    const parent = await page(spanish, "parent", "/home");
    expect(parent).toContain("Asistencia (30 días):");
    const admin = await page(arabic, "centre_admin", "/home");
    for (const word of ["الحضور (7 أيام)", "واجبات متأخرة", "جلسات اليوم"]) expect(admin).toContain(word);
    const overdue = admin.match(/<h2>واجبات متأخرة<\/h2><p class="figure">([^<]*)<\/p>/)?.[1] ?? "";
    // A count through Intl (Latin or Arabic-Indic digits, as the runtime's CLDR data has it for ar).
    expect(overdue).toMatch(/^[0-9\u0660-\u0669]+$/);
  });

  test("someone else's child is refused in the reader's language", async () => {
    const response = await send(
      app,
      "GET",
      `/children/${arabic.people.student.id}/progress`,
      await signedInAs(spanish.people.parent),
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Ese niño no está vinculado a tu cuenta.");
  });
});
