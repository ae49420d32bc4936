import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  type Credentials,
  createCentre,
  scheduledClass,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { localDate } from "../../platform/calendar";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { weekStartOf } from "./present";

/**
 * Classes, the timetable and registers in each centre's language: words from the catalogues,
 * dates and times from Intl in the centre's time zone, weeks laid out from the locale's first day.
 */

const app = createApp();
type Locale = "en-GB" | "en-US" | "en-AU" | "es" | "ar";

interface Scene {
  centre: Centre;
  classId: string;
  /** The Sunday 1 March 2026 session, 16:00–17:00 at the centre. */
  sessionId: string;
  startsAt: Date;
  admin: Credentials;
  tutor: Credentials;
}

/** A Sunday class at 16:00 with sessions from 1 March 2026 (generated as if it were late February). */
async function sceneIn(locale: Locale, timeZone: string): Promise<Scene> {
  const centre = await createCentre({ label: `classes-${locale}`, locale, timeZone });
  const student = await addPerson(centre, "student", { name: "Zoë Núñez" });
  const classId = await scheduledClass(centre, {
    name: "Álgebra",
    weekday: 7,
    startsOn: "2026-03-01",
    members: [centre.people.student, student],
    now: new Date("2026-02-25T00:00:00Z"),
  });
  const first = await selectFromTenant(db, "class_sessions", trustedCentreId(centre.id))
    .where("class_id", "=", classId)
    .select(["id", "starts_at"])
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  const [admin, tutor] = await Promise.all([signedInAs(centre.people.centre_admin), signedInAs(centre.people.tutor)]);
  return { centre, classId, sessionId: first.id, startsAt: first.starts_at, admin, tutor };
}

const get = async (who: Credentials, path: string, query?: string) => {
  const response = await send(app, "GET", path, who, { query });
  expect(response.status).toBe(200);
  return response.text();
};

/** Day headings of the timetable, in page order. */
const dayOrder = (html: string) => [...html.matchAll(/<h2 id="day-(\d{4}-\d{2}-\d{2})"/g)].map((match) => match[1]);

const longDate = (locale: Locale, day: string) =>
  new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T12:00:00Z`));
const clock = (locale: Locale, at: Date, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }).format(at);

let spanish: Scene;
let arabic: Scene;
let american: Scene;
let british: Scene;
let australian: Scene;

beforeAll(async () => {
  [spanish, arabic, american, british, australian] = await Promise.all([
    sceneIn("es", "Europe/Madrid"),
    sceneIn("ar", "Asia/Dubai"),
    sceneIn("en-US", "America/New_York"),
    sceneIn("en-GB", "Europe/London"),
    sceneIn("en-AU", "Australia/Sydney"),
  ]);
});

/** The session of a class on a local date, with the times its timetable line should show. */
async function sessionOn(scene: Scene, day: string, locale: Locale) {
  const sessions = await selectFromTenant(db, "class_sessions", trustedCentreId(scene.centre.id))
    .where("class_id", "=", scene.classId)
    .select(["id", "starts_at", "ends_at"])
    .execute();
  const session = sessions.find((row) => localDate(row.starts_at, scene.centre.timeZone) === day);
  if (!session) throw new Error(`no session on ${day}`);
  const zone = scene.centre.timeZone;
  return { id: session.id, line: `${clock(locale, session.starts_at, zone)}–${clock(locale, session.ends_at, zone)}` };
}

describe("classes pages in Spanish", () => {
  test("the list, class page, timetable and register speak Spanish, with Intl dates and times", async () => {
    const { admin, tutor, classId, sessionId, startsAt, centre } = spanish;
    const list = await get(admin, "/classes");
    expect(list).toContain("<h1>Clases</h1>");
    expect(list).toContain("Los domingos, 16:00–17:00");
    expect(list).toContain("1 clase");
    expect(list).not.toContain("Sundays");

    const page = await get(admin, `/classes/${classId}`);
    expect(page).toContain("Alumnos (2)");
    expect(page).toContain("Próximas sesiones");
    const firstDay = new Intl.DateTimeFormat("es", { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date("2026-03-01T12:00:00Z"),
    );
    expect(page).toContain(`Desde el ${firstDay}`);
    expect(page).not.toContain("Coming sessions");

    const week = await get(tutor, "/timetable", "week=2026-03-04");
    expect(week).toContain("<h1>Horario</h1>");
    expect(week).toContain(`Semana del ${longDate("es", "2026-03-02")}`);
    expect(week).toContain("Semana siguiente");
    expect(week).toContain("0 presentes · 0 con retraso · 0 ausentes · 2 sin registrar");
    expect(week).not.toContain("Previous week");

    const register = await get(tutor, `/timetable/sessions/${sessionId}`);
    expect(register).toContain(`Álgebra: ${longDate("es", "2026-03-01")}`);
    expect(register).toContain(`${clock("es", startsAt, centre.timeZone)}–`);
    expect(register).toContain("Presente");
    expect(register).toContain("Guardar asistencia");
    expect(register).not.toContain("Save attendance");
  });

  test("validation messages on the class form and the register are in Spanish", async () => {
    const { admin, tutor, sessionId } = spanish;
    const invalid = await send(app, "POST", "/classes", admin, {
      body: { name: "", weekday: "9", startTime: "25:00", durationMinutes: "2" },
    });
    expect(invalid.status).toBe(422);
    const form = await invalid.text();
    expect(form).toContain("Escribe un nombre para la clase");
    expect(form).toContain("Una clase dura al menos 5 minutos");
    expect(form).not.toContain("Enter a name for the class");
    // The day picker names the days in Spanish, Monday first.
    expect(form.indexOf(">lunes<")).toBeGreaterThan(0);
    expect(form.indexOf(">lunes<")).toBeLessThan(form.indexOf(">domingo<"));

    const refused = await send(app, "POST", `/timetable/sessions/${sessionId}/attendance`, tutor, {
      body: { [`status-${spanish.centre.people.student.id}`]: "asleep" },
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Elige presente, tarde o ausente");
  });
});

describe("classes pages in Arabic", () => {
  test("the timetable and register are in Arabic, with the week from Saturday and Intl times", async () => {
    const { admin, tutor, sessionId, startsAt, centre } = arabic;
    const list = await get(admin, "/classes");
    expect(list).toContain("<h1>الصفوف</h1>");
    expect(list).toContain("صف واحد");

    const week = await get(tutor, "/timetable", "week=2026-03-04");
    expect(week).toContain("الجدول الدراسي");
    expect(week).toContain("الأسبوع التالي");
    // Arabic weeks start on Saturday (CLDR), so 4 March 2026 falls in the week of 28 February.
    expect(dayOrder(week)[0]).toBe("2026-02-28");
    expect(week).toContain(`أسبوع ${longDate("ar", "2026-02-28")}`);
    expect(week).not.toContain("Timetable");

    const register = await get(tutor, `/timetable/sessions/${sessionId}`);
    expect(register).toContain(clock("ar", startsAt, centre.timeZone));
    expect(register).toContain("حفظ الحضور");
    expect(register).toContain("حاضر");
  });

  test("a refused class form answers in Arabic", async () => {
    const invalid = await send(app, "POST", "/classes", arabic.admin, { body: { name: "" } });
    expect(invalid.status).toBe(422);
    const form = await invalid.text();
    expect(form).toContain("أدخل اسمًا للصف");
    expect(form).not.toContain("Enter a name");
  });
});

describe("weeks and clocks per locale", () => {
  test("an American timetable starts on Sunday, a British one on Monday", async () => {
    const us = dayOrder(await get(american.tutor, "/timetable", "week=2026-03-04"));
    expect(us).toEqual([
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
    ]);
    const gb = dayOrder(await get(british.tutor, "/timetable", "week=2026-03-04"));
    expect(gb).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
  });

  test("each week holds the sessions of its own days: Sunday 1 March is in the American week of 4 March only", async () => {
    const us = await get(american.tutor, "/timetable", "week=2026-03-04");
    expect(us).toContain(`/timetable/sessions/${american.sessionId}"`);
    const gb = await get(british.tutor, "/timetable", "week=2026-03-04");
    expect(gb).not.toContain(`/timetable/sessions/${british.sessionId}"`);
    expect(await get(british.tutor, "/timetable", "week=2026-03-01")).toContain(
      `/timetable/sessions/${british.sessionId}"`,
    );
  });

  test("American pages use a 12-hour clock and American words; British pages a 24-hour clock", async () => {
    const us = await get(american.tutor, "/timetable", "week=2026-03-04");
    expect(us).toMatch(/4:00\sPM–5:00\sPM/);
    expect(us).toContain("<h1>Schedule</h1>");
    expect(us).toContain("Show the whole center");
    expect(us).not.toContain("16:00");
    expect(await get(american.admin, "/classes")).toMatch(/Sundays 4:00\sPM–5:00\sPM/);

    const gb = await get(british.tutor, "/timetable", "week=2026-03-04");
    expect(gb).toContain("<h1>Timetable</h1>");
    expect(await get(british.admin, "/classes")).toContain("Sundays 16:00–17:00");
  });

  test("the first day of a week follows the locale", () => {
    // Wednesday 4 March 2026.
    expect(withLocalisation({ locale: "en-US" }, () => weekStartOf("2026-03-04"))).toBe("2026-03-01");
    expect(withLocalisation({ locale: "en-GB" }, () => weekStartOf("2026-03-04"))).toBe("2026-03-02");
    expect(withLocalisation({ locale: "ar" }, () => weekStartOf("2026-03-04"))).toBe("2026-02-28");
    // A date that is itself the first day starts its own week.
    expect(withLocalisation({ locale: "en-US" }, () => weekStartOf("2026-03-01"))).toBe("2026-03-01");
  });
});

describe("clock changes", () => {
  // Each centre's own change day: the class stays at 16:00 local, and the page says so the locale's way.
  const cases: { scene: () => Scene; locale: Locale; day: string; shown: RegExp }[] = [
    { scene: () => british, locale: "en-GB", day: "2026-03-29", shown: /16:00–17:00/ },
    { scene: () => american, locale: "en-US", day: "2026-03-08", shown: /4:00\sPM–5:00\sPM/ },
    { scene: () => australian, locale: "en-AU", day: "2026-04-05", shown: /4:00\spm–5:00\spm/ },
  ];
  for (const { scene, locale, day, shown } of cases) {
    test(`${locale}: the session on the change day ${day} shows 16:00 local time, as Intl writes it`, async () => {
      const { id, line } = await sessionOn(scene(), day, locale);
      const week = await get(scene().tutor, "/timetable", `week=${day}`);
      expect(week).toContain(`id="day-${day}"`);
      const entry = week.slice(week.indexOf(`data-session-id="${id}"`));
      expect(entry).toContain(line);
      expect(line).toMatch(shown);
    });
  }
});
