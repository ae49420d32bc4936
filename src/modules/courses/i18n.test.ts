import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, type Credentials, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";

/**
 * Courses, lessons and exercises in each centre's language: words from the catalogues, plurals by
 * the language's rules, and an author's numbers written the reader's way by Intl.
 */

const app = createApp();
type Locale = "en-US" | "es" | "ar";

interface Scene {
  centre: Centre;
  author: Credentials;
  admin: Credentials;
  student: Credentials;
  courseId: string;
  lessonId: string;
}

function createdId(response: Response): string {
  expect(response.status).toBe(303);
  return (response.headers.get("location") ?? "").split("/").pop() as string;
}

/** A published course with one published lesson holding a numeric and a multiple-choice exercise. */
async function sceneIn(locale: Locale): Promise<Scene> {
  const centre = await createCentre({ label: `courses-${locale}`, locale });
  const [author, admin, student] = await Promise.all([
    signedInAs(centre.people.head_tutor),
    signedInAs(centre.people.centre_admin),
    signedInAs(centre.people.student),
  ]);
  const post = (path: string, body: Record<string, string> = {}) => send(app, "POST", path, author, { body });
  const courseId = createdId(await post("/courses", { title: "Fracciones", summary: "Medios y cuartos" }));
  const lessonId = createdId(await post(`/courses/${courseId}/lessons`, { title: "Medios" }));
  const exercises: Record<string, string>[] = [
    { kind: "numeric", prompt: "½ = ?", answer: "0.5", tolerance: "0.01", points: "2" },
    { kind: "multiple_choice", prompt: "¿2 + 2?", choice1: "3", choice2: "4", correct: "2", points: "1" },
    { kind: "worksheet", prompt: "Ficha 1", pages: "3", points: "5" },
  ];
  for (const exercise of exercises) expect((await post(`/lessons/${lessonId}/exercises`, exercise)).status).toBe(303);
  expect((await post(`/lessons/${lessonId}/publish`)).status).toBe(303);
  expect((await post(`/courses/${courseId}/publish`)).status).toBe(303);
  const enrolled = await send(app, "POST", `/courses/${courseId}/enrolments`, admin, {
    body: { studentId: centre.people.student.id },
  });
  expect(enrolled.status).toBe(303);
  return { centre, author, admin, student, courseId, lessonId };
}

const get = async (who: Credentials, path: string) => {
  const response = await send(app, "GET", path, who);
  expect(response.status).toBe(200);
  return response.text();
};

const number = (locale: Locale, value: number) => new Intl.NumberFormat(locale).format(value);

let spanish: Scene;
let arabic: Scene;
let american: Scene;

beforeAll(async () => {
  [spanish, arabic, american] = await Promise.all([sceneIn("es"), sceneIn("ar"), sceneIn("en-US")]);
});

describe("courses pages in Spanish", () => {
  test("the course list, course page and lesson editor are in Spanish, numbers written by Intl", async () => {
    const { author, courseId, lessonId } = spanish;
    const list = await get(author, "/courses");
    expect(list).toContain("<h1>Cursos</h1>");
    expect(list).toContain("1 curso");
    expect(list).toContain("Publicado");
    expect(list).not.toContain("Published");

    const course = await get(author, `/courses/${courseId}`);
    expect(course).toContain("Lecciones");
    expect(course).toContain("Alumnos inscritos");
    expect(course).toContain("1 alumno");
    expect(course).toContain("Editar título y resumen");
    expect(course).not.toContain("Enrolled students");

    const editor = await get(author, `/lessons/${lessonId}`);
    // 0.5 ± 0.01 as Spanish writes it: "0,5 ± 0,01".
    expect(editor).toContain(`Respuesta: ${number("es", 0.5)} ± ${number("es", 0.01)}`);
    expect(number("es", 0.5)).toBe("0,5");
    expect(editor).toContain("Correcta: 4");
    expect(editor).toContain("2 puntos");
    expect(editor).toContain("1 punto");
    expect(editor).toContain("Ficha en papel de 3 páginas, la corrige un tutor");
    expect(editor).toContain('aria-label="Bajar ejercicio 1"');
    expect(editor).not.toContain("No exercises yet");
  });

  test("a student reads the lesson in Spanish", async () => {
    const { student, lessonId } = spanish;
    expect(await get(student, "/courses")).toContain("Mis cursos");
    const lesson = await get(student, `/lessons/${lessonId}`);
    expect(lesson).toContain("Práctica");
    expect(lesson).toContain("Pregunta 1 · Numérico · 2 puntos");
    expect(lesson).toContain("Una ficha en papel de 3 páginas.");
    expect(lesson).not.toContain("Question 1");
  });

  test("validation messages on course and exercise forms are in Spanish", async () => {
    const { author, lessonId } = spanish;
    const course = await send(app, "POST", "/courses", author, { body: { title: "" } });
    expect(course.status).toBe(422);
    const courseForm = await course.text();
    expect(courseForm).toContain("Escribe un título");
    expect(courseForm).not.toContain("Enter a title");

    const exercise = await send(app, "POST", `/lessons/${lessonId}/exercises`, author, {
      body: { kind: "numeric", prompt: "x?", answer: "abc", tolerance: "-1" },
    });
    expect(exercise.status).toBe(422);
    const exerciseForm = await exercise.text();
    expect(exerciseForm).toContain("Escribe la respuesta como un número");
    expect(exerciseForm).toContain("Nuevo ejercicio numérico");

    const kind = await send(app, "POST", `/lessons/${lessonId}/exercises`, author, { body: { kind: "essay" } });
    expect(kind.status).toBe(422);
    expect(await kind.text()).toContain("Elige un tipo de ejercicio");
  });

  test("a refused deletion explains itself in Spanish", async () => {
    const { author, lessonId } = spanish;
    const refused = await send(app, "POST", `/lessons/${lessonId}/delete`, author);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Solo se pueden eliminar las lecciones en borrador");
  });
});

describe("courses pages in Arabic", () => {
  test("the course and lesson pages are in Arabic, with Arabic plurals and Intl numbers", async () => {
    const { author, courseId, lessonId } = arabic;
    const list = await get(author, "/courses");
    expect(list).toContain("<h1>المقررات</h1>");
    expect(list).toContain("مقرر واحد");

    const course = await get(author, `/courses/${courseId}`);
    expect(course).toContain("الدروس");
    expect(course).toContain("طالب واحد");

    const editor = await get(author, `/lessons/${lessonId}`);
    expect(editor).toContain(`الإجابة: ${number("ar", 0.5)} ± ${number("ar", 0.01)}`);
    // Two points take Arabic's dual form.
    expect(editor).toContain("نقطتان");
    expect(editor).toContain("ورقة عمل مطبوعة من 3 صفحات يصححها معلم".replace("3", number("ar", 3)));
    expect(editor).not.toContain("Exercises");
  });

  test("a refused course form answers in Arabic", async () => {
    const refused = await send(app, "POST", "/courses", arabic.author, { body: { title: "" } });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("أدخل عنوانًا");
  });
});

describe("courses pages in American English", () => {
  test("enrolment reads enroll; everything else falls back to British English", async () => {
    const course = await get(american.admin, `/courses/${american.courseId}`);
    expect(course).toContain(">Enroll</button>");
    expect(course).toContain(">Unenroll</button>");
    expect(course).toContain("Enrolled students");
    expect(course).toContain("Edit title and summary");
  });
});
