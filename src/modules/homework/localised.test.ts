import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { actorFor, type Centre, type Credentials, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import type { ExerciseKind } from "../../platform/db/schema";
import { type Locale, withLocalisation } from "../../platform/i18n";
import { dueRelative, formatDue } from "./due";
import { assignHomework } from "./service";

/**
 * Issue 12: the student's homework flow and the tutor's marking pages in Spanish and Arabic
 * (the centre's language), with dates and numbers as `Intl` writes them there.
 */
const app = createApp();
const DAY = 86_400_000;

interface Setting {
  centre: Centre;
  classId: string;
  lessonId: string;
  homeworkId: string;
  dueAt: Date;
  freeResponseId: string;
  student: Credentials;
  tutor: Credentials;
}

async function settingFor(locale: Locale, timeZone: string): Promise<Setting> {
  const centre = await createCentre({ label: `homework-${locale}`, locale, timeZone });
  const course = await db
    .insertInto("courses")
    .values({ centre_id: centre.id, title: "Fractions", status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const lesson = await db
    .insertInto("lessons")
    .values({ centre_id: centre.id, course_id: course.id, title: "Halves", position: 1, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const exercise = (kind: ExerciseKind, config: Record<string, unknown>, points: number, position: number) =>
    db
      .insertInto("exercises")
      .values({ centre_id: centre.id, lesson_id: lesson.id, kind, prompt: `Q${position}`, config, points, position })
      .returning("id")
      .executeTakeFirstOrThrow();
  const choice = await exercise("multiple_choice", { choices: ["1/2", "1/3"], correct: 0 }, 2, 1);
  const written = await exercise("free_response", {}, 3, 2);
  const klass = await db
    .insertInto("classes")
    .values({
      centre_id: centre.id,
      course_id: course.id,
      tutor_id: centre.people.tutor.id,
      name: "Grupo A",
      starts_on: "2026-01-01",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("class_members")
    .values({ centre_id: centre.id, class_id: klass.id, student_id: centre.people.student.id })
    .execute();
  // Two days ahead (and a minute, so the work is not late by the time the test reads it).
  const dueAt = new Date(Date.now() + 2 * DAY + 60_000);
  const homeworkId = await assignHomework(await actorFor(centre.people.tutor), {
    title: "Mitades",
    instructions: "",
    kind: "exercises",
    classId: klass.id,
    studentId: null,
    lessonId: lesson.id,
    exerciseIds: [choice.id, written.id],
    pages: null,
    outOf: null,
    dueAt,
  });
  return {
    centre,
    classId: klass.id,
    lessonId: lesson.id,
    homeworkId,
    dueAt,
    freeResponseId: written.id,
    student: await signedInAs(centre.people.student),
    tutor: await signedInAs(centre.people.tutor),
  };
}

async function html(response: Response | Promise<Response>): Promise<string> {
  return (await response).text();
}

/** How Intl writes the due time in that language and zone (two-digit hours on a 24-hour clock). */
function dueAsIntlWritesIt(locale: Locale, timeZone: string, at: Date): string {
  const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", minute: "2-digit" };
  const hour = locale === "es" || locale === "en-GB" ? "2-digit" : "numeric";
  return new Intl.DateTimeFormat(locale, { ...options, hour, timeZone }).format(at);
}

const ENGLISH_LEFT_OVER = [
  "My homework",
  "Due ",
  "Not started",
  "Question 1 of",
  "Hand in",
  "Marking queue",
  "Feedback",
];

function expectNoEnglish(page: string): void {
  for (const english of ENGLISH_LEFT_OVER) expect(page).not.toContain(english);
}

const CASES = [
  {
    locale: "es" as const,
    timeZone: "Europe/Madrid",
    text: {
      list: "Mis deberes",
      notStarted: "Sin empezar",
      inTwoDays: "se entrega en 2 días",
      question: "Pregunta 1 de 2",
      saved: "Guardado",
      confirm: "¿Entregar Mitades?",
      handedIn: "Entregado",
      queue: "1 trabajo por corregir, del más antiguo al más reciente.",
      pointsFor: "Puntos de la pregunta 2 (de 0 a 3)",
      pointsError: "Indica de 0 a 3 puntos (se admiten medios puntos)",
      markLabel: "Tu nota: ",
      outOf: " / ",
      titleError: "Escribe un título",
      setHomework: "Poner deberes",
      extend: "Ampliar el plazo de entrega",
    },
  },
  {
    locale: "ar" as const,
    timeZone: "Asia/Riyadh",
    text: {
      list: "واجباتي",
      notStarted: "لم يبدأ",
      inTwoDays: "موعد التسليم بعد يومين",
      question: "السؤال 1 من 2",
      saved: "حُفظ",
      confirm: "هل تريد تسليم Mitades؟",
      handedIn: "سُلّم",
      queue: "عمل واحد بانتظار التصحيح، الأقدم أولًا.",
      pointsFor: "نقاط السؤال 2 (من 0 إلى 3)",
      pointsError: "أدخل من 0 إلى 3 نقاط (يُسمح بأنصاف النقاط)",
      markLabel: "درجتك: ",
      // "4.5 / 5" would read backwards between right-to-left words; Arabic says "out of".
      outOf: " من ",
      titleError: "أدخل عنوانًا",
      setHomework: "إسناد واجب",
      extend: "تمديد موعد التسليم",
    },
  },
];

describe.each(CASES)("the homework flow in $locale", ({ locale, timeZone, text }) => {
  let setting: Setting;

  beforeAll(async () => {
    setting = await settingFor(locale, timeZone);
  });

  test("the student's list: words, status, and the due time as Intl writes it there", async () => {
    const page = await html(send(app, "GET", "/my-homework", setting.student));
    expect(page).toContain(`lang="${locale}"`);
    expect(page).toContain(text.list);
    expect(page).toContain(text.notStarted);
    expect(page).toContain(dueAsIntlWritesIt(locale, timeZone, setting.dueAt));
    expect(page).toContain(text.inTwoDays);
    expectNoEnglish(page);
  });

  test("doing the work: the question, saving, and the hand-in step", async () => {
    const { homeworkId, student } = setting;
    const question = await html(send(app, "GET", `/homework/${homeworkId}/questions/1`, student));
    expect(question).toContain(text.question);
    expectNoEnglish(question);
    const saved = await send(app, "POST", `/homework/${homeworkId}/questions/1`, student, {
      body: { response: "0" },
      headers: { "hx-request": "true" },
    });
    expect(await saved.text()).toBe(text.saved);
    const confirm = await html(send(app, "GET", `/homework/${homeworkId}/submit`, student));
    expect(confirm).toContain(text.confirm);
    expectNoEnglish(confirm);
    await send(app, "POST", `/homework/${homeworkId}/questions/2`, student, { body: { response: "La mitad" } });
    expect((await send(app, "POST", `/homework/${homeworkId}/submit`, student)).status).toBe(303);
    const detail = await html(send(app, "GET", `/my-homework/${homeworkId}`, student));
    expect(detail).toContain(text.handedIn);
    expectNoEnglish(detail);
  });

  test("marking: the queue, the marking screen, a refused mark, and the student's result", async () => {
    const queue = await html(send(app, "GET", "/marking", setting.tutor));
    expect(queue).toContain(text.queue);
    expectNoEnglish(queue);
    const submission = await db
      .selectFrom("submissions")
      .where("homework_id", "=", setting.homeworkId)
      .select("id")
      .executeTakeFirstOrThrow();
    const screen = await html(send(app, "GET", `/submissions/${submission.id}`, setting.tutor));
    expect(screen).toContain(text.pointsFor);
    expectNoEnglish(screen);
    const field = `points-${setting.freeResponseId}`;
    const refused = await send(app, "POST", `/submissions/${submission.id}/mark`, setting.tutor, {
      body: { [field]: "9" },
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(text.pointsError);
    const marked = await send(app, "POST", `/submissions/${submission.id}/mark`, setting.tutor, {
      body: { [field]: "2.5" },
    });
    expect(marked.status).toBe(303);
    const result = await html(send(app, "GET", `/my-homework/${setting.homeworkId}`, setting.student));
    // 2 auto-marked points and 2.5 from the tutor, written as the language writes decimals.
    const number = new Intl.NumberFormat(locale);
    expect(result).toContain(`${text.markLabel}${number.format(4.5)}${text.outOf}${number.format(5)}`);
  });

  test("the tutor's homework list and detail, with the due time as Intl writes it", async () => {
    const list = await html(send(app, "GET", "/homework", setting.tutor));
    expect(list).toContain(text.setHomework);
    expect(list).toContain(dueAsIntlWritesIt(locale, timeZone, setting.dueAt));
    expectNoEnglish(list);
    const detail = await html(send(app, "GET", `/homework/${setting.homeworkId}`, setting.tutor));
    expect(detail).toContain(text.extend);
    expectNoEnglish(detail);
    for (const english of ["Extend the due date", "Withdraw homework", "Students", "Centre time"]) {
      expect(detail).not.toContain(english);
    }
  });

  test("a refused assignment form says why in the centre's language (Zod message)", async () => {
    const response = await send(app, "POST", "/homework", setting.tutor, {
      body: { title: "", classId: setting.classId, lessonId: setting.lessonId, kind: "exercises", dueAt: "" },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(text.titleError);
  });
});

describe("due times through Intl", () => {
  const at = new Date("2026-03-29T00:30:00Z"); // Europe/London and Madrid move their clocks an hour later.

  test("each language writes the same instant its own way, in the centre's zone", () => {
    const written = (locale: Locale) => withLocalisation({ locale }, () => formatDue(at, "Europe/Madrid"));
    expect(written("en-GB")).toBe("Sun 29 Mar, 01:30");
    expect(written("es")).toBe(dueAsIntlWritesIt("es", "Europe/Madrid", at));
    expect(written("ar")).toBe(dueAsIntlWritesIt("ar", "Europe/Madrid", at));
    expect(written("en-US")).toBe(dueAsIntlWritesIt("en-US", "Europe/Madrid", at));
    expect(
      withLocalisation({ locale: "en-GB" }, () => formatDue(new Date("2026-03-29T01:30:00Z"), "Europe/London")),
    ).toBe("Sun 29 Mar, 02:30");
  });

  test("relative due text counts the centre's calendar days, with each language's plurals", () => {
    const now = new Date("2026-03-02T20:00:00Z");
    const inDays = (days: number, locale: Locale) =>
      withLocalisation({ locale }, () => dueRelative(new Date(now.getTime() + days * DAY), now, "UTC"));
    expect([1, 2, 5].map((days) => inDays(days, "en-GB"))).toEqual(["due tomorrow", "due in 2 days", "due in 5 days"]);
    expect(inDays(3, "ar")).toBe("موعد التسليم بعد 3 أيام");
    expect(inDays(11, "ar")).toBe("موعد التسليم بعد 11 يومًا");
    expect(inDays(-2, "es")).toBe("se entregaba hace 2 días");
    const soon = withLocalisation({ locale: "en-GB" }, () =>
      dueRelative(new Date(now.getTime() + 3.5 * 3_600_000), now, "UTC"),
    );
    expect(soon).toBe("due in 3 hours");
  });
});
