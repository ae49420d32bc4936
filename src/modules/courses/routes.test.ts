import { beforeAll, describe, expect, test } from "bun:test";
import { send, sendConfirmed } from "../../../tests/security/walk";
import { addStudents, type Centre, type Credentials, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";

const app = createApp();
let centre: Centre;
let author: Credentials;
let admin: Credentials;
let tutor: Credentials;
let student: Credentials;
let parent: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "courses" });
  [author, admin, tutor, student, parent] = await Promise.all([
    signedInAs(centre.people.head_tutor),
    signedInAs(centre.people.centre_admin),
    signedInAs(centre.people.tutor),
    signedInAs(centre.people.student),
    signedInAs(centre.people.parent),
  ]);
});

const post = (who: Credentials, path: string, body: Record<string, string> = {}) =>
  send(app, "POST", path, who, { body });
/** A destructive route's post, through its confirm page. */
const confirmed = (who: Credentials, path: string) => sendConfirmed(app, path, who);
const get = (who: Credentials, path: string) => send(app, "GET", path, who);
const htmx = (who: Credentials, path: string, target: string, body: Record<string, string> = {}) =>
  send(app, "POST", path, who, { body, headers: { "hx-request": "true", "hx-target": `div#${target}` } });

/** The id at the end of a 303's location, e.g. /courses/<id>. */
function createdId(response: Response): string {
  expect(response.status).toBe(303);
  return (response.headers.get("location") ?? "").split("/").pop() as string;
}

async function newCourse(title = `Course ${crypto.randomUUID().slice(0, 6)}`) {
  return createdId(await post(author, "/courses", { title, summary: "A summary" }));
}

async function newLesson(courseId: string, title: string) {
  return createdId(await post(author, `/courses/${courseId}/lessons`, { title }));
}

const EXERCISE_FORMS: Record<string, string>[] = [
  { kind: "multiple_choice", prompt: "2 + 2?", points: "2", choice1: "3", choice2: "4", choice3: "5", correct: "2" },
  { kind: "numeric", prompt: "Half as a decimal?", answer: "0,5", tolerance: "0.01" },
  { kind: "short_answer", prompt: "Capital of France?", accepted: "Paris\nparis." },
  { kind: "free_response", prompt: "Explain halves.", points: "3" },
  { kind: "worksheet", prompt: "Worksheet 1", pages: "2", points: "5" },
];

async function lessonOrder(courseId: string): Promise<string[]> {
  const rows = await selectFromTenant(db, "lessons", trustedCentreId(centre.id))
    .where("course_id", "=", courseId)
    .select("title")
    .orderBy("position")
    .execute();
  return rows.map((row) => row.title);
}

describe("authoring", () => {
  test("a head tutor builds a course: lessons, materials, five kinds of exercise, reorder, preview", async () => {
    const courseId = await newCourse("Algebra 1");
    const first = await newLesson(courseId, "Lesson A");
    const second = await newLesson(courseId, "Lesson B");
    expect(await lessonOrder(courseId)).toEqual(["Lesson A", "Lesson B"]);

    const moved = await htmx(author, `/lessons/${second}/move`, "lessons", { direction: "up" });
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain('id="lessons"');
    expect(await lessonOrder(courseId)).toEqual(["Lesson B", "Lesson A"]);
    expect((await post(author, `/lessons/${second}/move`, { direction: "down" })).status).toBe(303);
    expect(await lessonOrder(courseId)).toEqual(["Lesson A", "Lesson B"]);

    const material = await post(author, `/lessons/${first}/materials`, {
      title: "Notes",
      body: "**Bold** <script>alert(1)</script> [x](javascript:alert(1))",
    });
    expect(material.status).toBe(303);
    for (const form of EXERCISE_FORMS) {
      const response = await post(author, `/lessons/${first}/exercises`, form);
      expect(response.status).toBe(303);
    }

    const editor = await (await get(author, `/lessons/${first}`)).text();
    expect(editor).toContain("<strong>Bold</strong>");
    expect(editor).not.toContain("<script>alert");
    expect(editor).not.toContain('href="javascript:');
    expect(editor).toContain("Correct: 4");
    expect(editor).toContain("Answer: 0.5 ± 0.01");
    expect(editor).toContain("Accepted: Paris");

    const preview = await get(author, `/lessons/${first}/preview`);
    expect(preview.status).toBe(200);
    const previewText = await preview.text();
    expect(previewText).toContain("2 + 2?");
    expect(previewText).toContain("<li>4</li>");
    for (const answer of ["Correct:", "Accepted:", "Answer: 0.5", "Paris"]) expect(previewText).not.toContain(answer);

    const exercises = await selectFromTenant(db, "exercises", trustedCentreId(centre.id))
      .where("lesson_id", "=", first)
      .select(["id", "kind", "config", "points"])
      .orderBy("position")
      .execute();
    expect(exercises.map((row) => row.kind)).toEqual([
      "multiple_choice",
      "numeric",
      "short_answer",
      "free_response",
      "worksheet",
    ]);
    expect(exercises[0]?.config).toEqual({ choices: ["3", "4", "5"], correct: 1 });
    expect(exercises[1]?.config).toEqual({ answer: 0.5, tolerance: 0.01 });
    expect(exercises[2]?.config).toEqual({ accepted: ["Paris"] });
    expect(exercises[4]?.config).toEqual({ pages: 2 });

    const last = exercises[4]?.id as string;
    expect((await htmx(author, `/exercises/${last}/move`, "exercises", { direction: "up" })).status).toBe(200);
    const edit = await post(author, `/exercises/${last}`, { prompt: "Worksheet 1b", pages: "3", points: "4" });
    expect(edit.status).toBe(303);
    const [edited] = await selectFromTenant(db, "exercises", trustedCentreId(centre.id))
      .where("id", "=", last)
      .select(["prompt", "config", "points", "position"])
      .execute();
    expect(edited).toEqual({ prompt: "Worksheet 1b", config: { pages: 3 }, points: 4, position: 4 });
  });

  test("materials move and delete in place; a bad direction is refused with 422", async () => {
    const courseId = await newCourse();
    const lessonId = await newLesson(courseId, "Reading");
    for (const title of ["First notes", "Second notes"])
      expect((await post(author, `/lessons/${lessonId}/materials`, { title, body: "Text" })).status).toBe(303);
    const materials = () =>
      selectFromTenant(db, "materials", trustedCentreId(centre.id))
        .where("lesson_id", "=", lessonId)
        .select(["id", "title"])
        .orderBy("position")
        .execute();
    const [first, second] = await materials();

    const moved = await htmx(author, `/materials/${second?.id}/move`, "materials", { direction: "up" });
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain('id="materials"');
    expect((await materials()).map((row) => row.title)).toEqual(["Second notes", "First notes"]);
    expect((await post(author, `/materials/${second?.id}/move`, { direction: "sideways" })).status).toBe(422);

    const deleted = await confirmed(author, `/materials/${first?.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe(`/lessons/${lessonId}`);
    expect((await materials()).map((row) => row.title)).toEqual(["Second notes"]);
    expect((await confirmed(tutor, `/materials/${second?.id}/delete`)).status).toBe(403);
  });

  test("publishing and archiving a course is audited", async () => {
    const courseId = await newCourse();
    expect((await post(author, `/courses/${courseId}/publish`)).status).toBe(303);
    expect((await confirmed(author, `/courses/${courseId}/archive`)).status).toBe(303);
    const actions = await selectFromTenant(db, "audit_events", trustedCentreId(centre.id))
      .where("target_id", "=", courseId)
      .select("action")
      .orderBy("id")
      .execute();
    expect(actions.map((row) => row.action)).toEqual(["course.publish", "course.archive"]);
    const list = await (await get(author, "/courses?status=archived")).text();
    expect(list).toContain(courseId);
  });

  test("forms re-render with 422 and a message per field", async () => {
    const empty = await post(author, "/courses", { title: " " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Enter a title");

    const courseId = await newCourse();
    const lessonId = await newLesson(courseId, "Validation");
    const cases: [Record<string, string>, string][] = [
      [{ kind: "multiple_choice", prompt: "Q", choice1: "only", correct: "1" }, "Write at least two choices"],
      [
        { kind: "multiple_choice", prompt: "Q", choice1: "a", choice2: "b", correct: "5" },
        "must be a choice you wrote",
      ],
      [{ kind: "numeric", prompt: "Q", answer: "about five" }, "Enter the answer as a number"],
      [{ kind: "numeric", prompt: "Q", answer: "5", tolerance: "-1" }, "cannot be negative"],
      [{ kind: "short_answer", prompt: "Q", accepted: "\n \n" }, "at least one accepted answer"],
      [{ kind: "worksheet", prompt: "Q", pages: "0" }, "at least one page"],
      [{ kind: "free_response", prompt: "" }, "Write the question"],
      [{ kind: "free_response", prompt: "Q", points: "-3" }, "Points cannot be negative"],
      [{ kind: "essay", prompt: "Q" }, "Choose a kind of exercise"],
    ];
    for (const [form, message] of cases) {
      const response = await post(author, `/lessons/${lessonId}/exercises`, form);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(message);
    }
    const material = await post(author, `/lessons/${lessonId}/materials`, { title: "T", body: "" });
    expect(material.status).toBe(422);
  });

  test("only draft lessons can be deleted, and exercises set as homework cannot be", async () => {
    const courseId = await newCourse();
    const lessonId = await newLesson(courseId, "Doomed");
    await post(author, `/lessons/${lessonId}/exercises`, { kind: "free_response", prompt: "Q" });
    const exercise = await selectFromTenant(db, "exercises", trustedCentreId(centre.id))
      .where("lesson_id", "=", lessonId)
      .select("id")
      .executeTakeFirstOrThrow();
    const homework = await db
      .insertInto("homework")
      .values({
        centre_id: centre.id,
        title: "HW",
        kind: "exercises",
        set_by: centre.people.tutor.id,
        due_at: new Date(Date.now() + 86_400_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("homework_exercises")
      .values({ centre_id: centre.id, homework_id: homework.id, exercise_id: exercise.id, position: 1 })
      .execute();
    expect((await confirmed(author, `/exercises/${exercise.id}/delete`)).status).toBe(409);
    expect((await confirmed(author, `/lessons/${lessonId}/delete`)).status).toBe(409);
    await post(author, `/lessons/${lessonId}/publish`);
    expect((await confirmed(author, `/lessons/${lessonId}/delete`)).status).toBe(409);

    const other = await newLesson(courseId, "Removable");
    const headers = { "hx-request": "true", "hx-target": "div#lessons" };
    expect((await sendConfirmed(app, `/lessons/${other}/delete`, author, { headers })).status).toBe(200);
    expect(await lessonOrder(courseId)).toEqual(["Doomed"]);
  });

  test("tutors read but do not author; students and parents cannot author", async () => {
    const courseId = await newCourse();
    expect((await get(tutor, `/courses/${courseId}`)).status).toBe(200);
    expect((await post(tutor, "/courses", { title: "Nope" })).status).toBe(403);
    expect((await post(student, `/courses/${courseId}/lessons`, { title: "Nope" })).status).toBe(403);
    expect((await post(tutor, `/courses/${courseId}/enrolments`, { studentId: centre.people.student.id })).status).toBe(
      403,
    );
  });
});

describe("enrolment and what learners see", () => {
  test("students see only published courses they are enrolled in, and only published lessons", async () => {
    const courseId = await newCourse("Visible course");
    const published = await newLesson(courseId, "Published lesson");
    const draft = await newLesson(courseId, "Draft lesson");
    await post(author, `/lessons/${published}/publish`);
    await post(author, `/lessons/${published}/exercises`, EXERCISE_FORMS[2] as Record<string, string>);
    await post(author, `/lessons/${published}/materials`, { title: "Read me", body: "# Heading" });

    // Not enrolled, not published: nothing.
    expect((await get(student, `/courses/${courseId}`)).status).toBe(404);
    const enrolled = await htmx(admin, `/courses/${courseId}/enrolments`, "enrolments", {
      studentId: centre.people.student.id,
    });
    expect(enrolled.status).toBe(200);
    expect(await enrolled.text()).toContain(centre.people.student.name);
    // Enrolled but the course is a draft: still nothing.
    expect((await get(student, `/courses/${courseId}`)).status).toBe(404);
    expect(await (await get(student, "/courses")).text()).not.toContain("Visible course");

    await post(author, `/courses/${courseId}/publish`);
    const coursePage = await (await get(student, `/courses/${courseId}`)).text();
    expect(coursePage).toContain("Published lesson");
    expect(coursePage).not.toContain("Draft lesson");
    expect(await (await get(student, "/courses")).text()).toContain("Visible course");
    expect(await (await get(parent, "/courses")).text()).toContain("Visible course");
    expect((await get(parent, `/lessons/${published}`)).status).toBe(200);

    const lesson = await get(student, `/lessons/${published}`);
    expect(lesson.status).toBe(200);
    const lessonText = await lesson.text();
    expect(lessonText).toContain("<h1>Heading</h1>");
    expect(lessonText).toContain("Capital of France?");
    expect(lessonText).not.toContain("Paris");
    expect((await get(student, `/lessons/${draft}`)).status).toBe(404);

    // The tutor reads the enrolment list.
    expect(await (await get(tutor, `/courses/${courseId}`)).text()).toContain(centre.people.student.name);

    await confirmed(author, `/courses/${courseId}/archive`);
    expect((await get(student, `/courses/${courseId}`)).status).toBe(404);
    expect((await get(student, `/lessons/${published}`)).status).toBe(404);

    await post(author, `/courses/${courseId}/publish`);
    const removed = await confirmed(admin, `/courses/${courseId}/enrolments/${centre.people.student.id}/delete`);
    expect(removed.status).toBe(303);
    expect((await get(student, `/courses/${courseId}`)).status).toBe(404);
    expect((await confirmed(admin, `/courses/${courseId}/enrolments/${centre.people.student.id}/delete`)).status).toBe(
      404,
    );
  });

  test("enrolling needs a student of this centre", async () => {
    const courseId = await newCourse();
    expect((await post(admin, `/courses/${courseId}/enrolments`, {})).status).toBe(422);
    const staff = await post(admin, `/courses/${courseId}/enrolments`, { studentId: centre.people.tutor.id });
    expect(staff.status).toBe(404);
    const other = await createCentre({ label: "courses-other" });
    const foreign = await post(admin, `/courses/${courseId}/enrolments`, { studentId: other.people.student.id });
    expect(foreign.status).toBe(404);
  });
});

describe("the enrol picker in a large centre", () => {
  test("offers the first 20 students not enrolled and finds the others by name or code; what is typed is literal", async () => {
    const big = await createCentre({ label: "courses-picker" });
    const names = Array.from({ length: 24 }, (_, index) => `Pupil ${String(index).padStart(2, "0")}`);
    const pupils = await addStudents(big, names);
    const bigAdmin = await signedInAs(big.people.centre_admin);
    const course = await db
      .insertInto("courses")
      .values({ centre_id: big.id, title: "Big course", status: "published" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const picker = async (query: string) => {
      const response = await get(bigAdmin, `/courses/${course.id}${query}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      return { html, offered: [...html.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1]) };
    };

    const first = await picker("");
    expect(first.offered).toHaveLength(20);
    expect(first.html).toContain("Showing the first 20 students not enrolled");
    const last = pupils[23] as (typeof pupils)[number];
    expect(first.offered).not.toContain(last.id);

    const byName = await picker(`?find=${encodeURIComponent("pupil 23")}`);
    expect(byName.offered).toEqual([last.id]);
    expect(byName.html).toContain("1 student found");
    expect(byName.html).toContain('value="pupil 23"');
    const byCode = await picker(`?find=${encodeURIComponent(last.studentCode.toLowerCase())}`);
    expect(byCode.offered).toContain(last.id);

    // `%` and `_` are matched as themselves: no name holds them.
    for (const pattern of ["%", "_", "\\"]) {
      const literal = await picker(`?find=${encodeURIComponent(pattern)}`);
      expect(literal.offered).toEqual([]);
      expect(literal.html).toContain("No student not yet enrolled matches");
    }
    // Once enrolled, a student is no longer offered.
    expect((await post(bigAdmin, `/courses/${course.id}/enrolments`, { studentId: last.id })).status).toBe(303);
    expect((await picker(`?find=${encodeURIComponent("Pupil 23")}`)).offered).toEqual([]);

    const tooLong = await get(bigAdmin, `/courses/${course.id}?find=${"x".repeat(101)}`);
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain("Search for at most 100 characters.");
  });
});
