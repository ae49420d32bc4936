import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  type Person,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { localDateTime } from "../../platform/calendar";
import { db } from "../../platform/db";
import type { ExerciseKind } from "../../platform/db/schema";

/**
 * Marking that tutors trust, end to end through the routes: the per-homework choice to show
 * results and correct answers on hand-in, and a tutor overriding an auto-mark.
 */
const app = createApp();
let centre: Centre;
let classId: string;
let lessonId: string;
const exercise: Partial<Record<ExerciseKind, string>> = {};
const who: Record<string, Credentials> = {};
let second: Person;

async function insertExercise(kind: ExerciseKind, config: Record<string, unknown>, points: number, position: number) {
  const row = await db
    .insertInto("exercises")
    .values({ centre_id: centre.id, lesson_id: lessonId, kind, prompt: `Question ${kind}`, config, points, position })
    .returning("id")
    .executeTakeFirstOrThrow();
  exercise[kind] = row.id;
}

beforeAll(async () => {
  centre = await createCentre({ label: "override" });
  second = await addPerson(centre, "student", { name: "Second pupil" });
  const course = await db
    .insertInto("courses")
    .values({ centre_id: centre.id, title: "Maths", status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  lessonId = (
    await db
      .insertInto("lessons")
      .values({ centre_id: centre.id, course_id: course.id, title: "Fractions", position: 1, status: "published" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await insertExercise("multiple_choice", { choices: ["a half", "a third"], correct: 1 }, 2, 1);
  await insertExercise("numeric", { answer: 3.5, tolerance: 0 }, 2, 2);
  await insertExercise("free_response", {}, 4, 3);
  classId = await classWith(centre, {
    tutor: centre.people.tutor,
    members: [centre.people.student, second],
    courseId: course.id,
  });
  for (const role of ["tutor", "head_tutor", "student"] as const) who[role] = await signedInAs(centre.people[role]);
  who.second = await signedInAs(second);
  who.otherTutor = await signedInAs(await addPerson(centre, "tutor", { name: "Another tutor" }));
});

async function assign(title: string, kinds: ExerciseKind[], showResults: boolean): Promise<string> {
  const body: [string, string][] = [
    ["title", title],
    ["classId", classId],
    ["lessonId", lessonId],
    ["kind", "exercises"],
    ["dueAt", localDateTime(new Date(Date.now() + 2 * 86_400_000), "UTC")],
    ...kinds.map((kind): [string, string] => ["exerciseIds", exercise[kind] as string]),
  ];
  if (showResults) body.push(["showResults", "on"]);
  const response = await send(app, "POST", "/homework", who.tutor!, { body });
  expect(response.status).toBe(303);
  return (response.headers.get("location") ?? "").replace("/homework/", "");
}

/** The student answers each question (by position) and hands in, through the routes. */
async function handIn(student: Credentials, homeworkId: string, answers: string[]) {
  for (const [index, response] of answers.entries())
    await send(app, "POST", `/homework/${homeworkId}/questions/${index + 1}`, student, { body: { response } });
  expect((await send(app, "POST", `/homework/${homeworkId}/submit`, student)).status).toBe(303);
}

function submissionOf(homeworkId: string, studentId: string) {
  return db
    .selectFrom("submissions")
    .where("homework_id", "=", homeworkId)
    .where("student_id", "=", studentId)
    .selectAll()
    .executeTakeFirstOrThrow();
}

describe("results and correct answers on hand-in, chosen per homework", () => {
  test("chosen: auto-marked work shows each result and the right answer as soon as it is handed in", async () => {
    const id = await assign("Shown at once", ["multiple_choice", "numeric"], true);
    await handIn(who.student!, id, ["0", "3.5"]);
    const html = await (await send(app, "GET", `/my-homework/${id}`, who.student!)).text();
    expect(html).toContain("Correct answer: a third");
    expect(html).toContain("Correct answer: 3.5");
    expect(html).toContain("Your mark: 2 / 4");
  });

  test("chosen, with a question left for the tutor: auto results and answers now, the rest when marked", async () => {
    const id = await assign("Partly at once", ["multiple_choice", "free_response"], true);
    await handIn(who.student!, id, ["1", "Halves are bigger."]);
    expect((await submissionOf(id, centre.people.student.id)).status).toBe("submitted");
    const html = await (await send(app, "GET", `/my-homework/${id}`, who.student!)).text();
    expect(html).toContain("Correct answer: a third");
    expect(html).toContain("your tutor marks the rest");
    expect(html).toContain("Correct · 2 / 2 points");
  });

  test("not chosen: no correct answers, and nothing before the tutor has marked", async () => {
    const id = await assign("Shown later", ["multiple_choice", "free_response"], false);
    await handIn(who.student!, id, ["0", "Something."]);
    const html = await (await send(app, "GET", `/my-homework/${id}`, who.student!)).text();
    expect(html).not.toContain("Correct answer:");
    expect(html).not.toContain("your tutor marks the rest");
    const auto = await assign("Auto, not chosen", ["multiple_choice"], false);
    await handIn(who.student!, auto, ["0"]);
    expect(await (await send(app, "GET", `/my-homework/${auto}`, who.student!)).text()).not.toContain(
      "Correct answer:",
    );
  });
});

describe("a tutor overrides an auto-mark", () => {
  let homeworkId: string;
  let submissionId: string;

  beforeAll(async () => {
    homeworkId = await assign("Numbers", ["multiple_choice", "numeric"], false);
    // 3.6 is marked wrong with a tolerance of 0 by the machine; the tutor accepts it.
    await handIn(who.student!, homeworkId, ["1", "3.6"]);
    submissionId = (await submissionOf(homeworkId, centre.people.student.id)).id;
  });

  test("the marking screen offers the override on work marked on hand-in", async () => {
    const html = await (await send(app, "GET", `/submissions/${submissionId}`, who.tutor!)).text();
    expect(html).toContain(`action="/submissions/${submissionId}/override"`);
  });

  test("a reason is required and the mark must fit the work: refused with a message, nothing changed", async () => {
    const noReason = await send(app, "POST", `/submissions/${submissionId}/override`, who.tutor!, {
      body: { newScore: "4", reason: "  " },
    });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Say why you are overriding the auto-mark");
    const tooMany = await send(app, "POST", `/submissions/${submissionId}/override`, who.tutor!, {
      body: { newScore: "40", reason: "Typo" },
    });
    expect(tooMany.status).toBe(422);
    expect((await submissionOf(homeworkId, centre.people.student.id)).override_at).toBeNull();
  });

  test("another tutor cannot reach it", async () => {
    const response = await send(app, "POST", `/submissions/${submissionId}/override`, who.otherTutor!, {
      body: { newScore: "4", reason: "Not mine" },
    });
    expect(response.status).toBe(404);
  });

  test("the override keeps the auto-mark, records who, when and why, and is audited", async () => {
    const response = await send(app, "POST", `/submissions/${submissionId}/override`, who.tutor!, {
      body: { newScore: "4", reason: "3.6 is right: the question was misprinted" },
    });
    expect(response.status).toBe(303);
    const row = await submissionOf(homeworkId, centre.people.student.id);
    expect([Number(row.auto_score), Number(row.score), row.override_by, row.override_reason]).toEqual([
      2,
      4,
      centre.people.tutor.id,
      "3.6 is right: the question was misprinted",
    ]);
    expect(row.override_at).not.toBeNull();
    const audit = await db
      .selectFrom("audit_events")
      .where("centre_id", "=", centre.id)
      .where("action", "=", "submission.override")
      .where("target_id", "=", submissionId)
      .select(["actor_id", "before", "after"])
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(centre.people.tutor.id);
    expect([(audit.before as { score: number }).score, (audit.after as { score: number }).score]).toEqual([2, 4]);
    expect((audit.after as { autoScore: number }).autoScore).toBe(2);
  });

  test("it is shown as overridden: on the marking screen, in the markbook and to the student", async () => {
    const screen = await (await send(app, "GET", `/submissions/${submissionId}`, who.tutor!)).text();
    expect(screen).toContain("Auto-mark 2 / 4 overridden on");
    expect(screen).toContain("misprinted");
    const markbook = await (await send(app, "GET", `/classes/${classId}/markbook`, who.tutor!)).text();
    const cell = markbook.slice(markbook.indexOf(`href="/submissions/${submissionId}"`));
    expect(cell.slice(0, cell.indexOf("</td>"))).toContain("Overridden");
    const student = await (await send(app, "GET", `/my-homework/${homeworkId}`, who.student!)).text();
    expect(student).toContain("Your mark: 4 / 4");
    expect(student).toContain("Your tutor changed the automatic mark (2 / 4).");
  });

  test("work a tutor marked by hand has no auto-mark to override: 409", async () => {
    const id = await assign("Written", ["multiple_choice", "free_response"], false);
    await handIn(who.second!, id, ["1", "An essay."]);
    const submission = await submissionOf(id, second.id);
    const marked = await send(app, "POST", `/submissions/${submission.id}/mark`, who.tutor!, {
      body: { [`points-${exercise.free_response}`]: "3", feedback: "Good" },
    });
    expect(marked.status).toBe(303);
    const response = await send(app, "POST", `/submissions/${submission.id}/override`, who.tutor!, {
      body: { newScore: "1", reason: "Changed my mind" },
    });
    expect(response.status).toBe(409);
  });
});
