import { beforeAll, describe, expect, test } from "bun:test";
import type { Job } from "bullmq";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import { actorFor, type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { verifyAuditChains } from "../../platform/audit/verify";
import { db } from "../../platform/db";
import { listenToQueries, statementsDuring } from "../../platform/db/instrumented-dialect";
import type { ExerciseKind } from "../../platform/db/schema";
import type { EventType } from "../../platform/events";
import type { EventJobData } from "../../platform/events/types";
import { eventHandlers } from "../../registry";
import { gradeSubmission } from "./grading";
import { assignHomework, saveAnswer, submitHomework } from "./service";

/**
 * What a student's hand-in and a tutor's mark cost PostgreSQL (issue 17): statements counted, so
 * a write that grows a round trip per exercise, or a second statement per event, shows here.
 */
let centre: Centre;
let classId: string;
let lessonId: string;
const exercise: Partial<Record<ExerciseKind, string>> = {};

async function assign(title: string, kinds: ExerciseKind[]): Promise<string> {
  const tutor = await actorFor(centre.people.tutor);
  return assignHomework(tutor, {
    title,
    instructions: "",
    kind: "exercises",
    classId,
    studentId: null,
    lessonId,
    exerciseIds: kinds.map((kind) => exercise[kind]!),
    pages: null,
    outOf: null,
    dueAt: new Date(Date.now() + 2 * 86_400_000),
  });
}

function submissionOf(homeworkId: string) {
  return db
    .selectFrom("submissions")
    .where("homework_id", "=", homeworkId)
    .where("student_id", "=", centre.people.student.id)
    .selectAll()
    .executeTakeFirstOrThrow();
}

function eventsOf(submissionId: string) {
  return db
    .selectFrom("outbox_events")
    .select(["id", "type", "payload"])
    .where(sql<boolean>`payload->>'submissionId' = ${submissionId}`)
    .orderBy("id")
    .execute();
}

beforeAll(async () => {
  centre = await createCentre({ label: "write-cost" });
  const course = await db
    .insertInto("courses")
    .values({ centre_id: centre.id, title: "Maths", status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const lesson = await db
    .insertInto("lessons")
    .values({ centre_id: centre.id, course_id: course.id, title: "Fractions", position: 1, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  lessonId = lesson.id;
  const kinds: [ExerciseKind, Record<string, unknown>, number][] = [
    ["multiple_choice", { choices: ["a half", "a third"], correct: 1 }, 2],
    ["numeric", { answer: 3.5, tolerance: 0.1 }, 1],
    ["short_answer", { accepted: ["seven"] }, 1],
    ["free_response", {}, 3],
  ];
  for (const [index, [kind, config, points]] of kinds.entries()) {
    const row = await db
      .insertInto("exercises")
      .values({ centre_id: centre.id, lesson_id: lessonId, kind, prompt: `A ${kind}`, config, points, position: index })
      .returning("id")
      .executeTakeFirstOrThrow();
    exercise[kind] = row.id;
  }
  const klass = await db
    .insertInto("classes")
    .values({
      centre_id: centre.id,
      course_id: course.id,
      tutor_id: centre.people.tutor.id,
      name: "Write cost",
      starts_on: "2026-01-01",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  classId = klass.id;
  await db
    .insertInto("class_members")
    .values({ centre_id: centre.id, class_id: classId, student_id: centre.people.student.id })
    .execute();
});

describe("an answer autosave", () => {
  test("the first answer starts the work; later saves are one statement each, with no transaction", async () => {
    const homeworkId = await assign("Autosaved", ["numeric", "free_response"]);
    const student = await actorFor(centre.people.student);
    const first = await statementsDuring(() => saveAnswer(student, homeworkId, exercise.numeric!, "3"));
    // The submission read, the answer, the start of the work (in one transaction).
    expect(first).toHaveLength(3);
    expect((await submissionOf(homeworkId)).status).toBe("in_progress");
    // The submission read and the answer; no BEGIN and COMMIT around a single statement.
    const all: string[] = [];
    const stop = listenToQueries((event) => all.push(event.query.sql));
    try {
      await saveAnswer(student, homeworkId, exercise.numeric!, "3.5");
    } finally {
      stop();
    }
    expect(all).toHaveLength(2);
    const cleared = await statementsDuring(() => saveAnswer(student, homeworkId, exercise.free_response!, " "));
    expect(cleared).toHaveLength(2);
    const submission = await submissionOf(homeworkId);
    const answers = await db
      .selectFrom("answers")
      .select(["exercise_id", "response"])
      .where("submission_id", "=", submission.id)
      .execute();
    expect(answers).toEqual([{ exercise_id: exercise.numeric!, response: "3.5" }]);
  });

  test("work sent back is started again by the next save", async () => {
    const homeworkId = await assign("Sent back", ["free_response"]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.free_response!, "First go");
    expect(await submitHomework(student, homeworkId)).toBe("submitted");
    const { id } = await submissionOf(homeworkId);
    await db.updateTable("submissions").set({ status: "returned" }).where("id", "=", id).execute();
    await saveAnswer(student, homeworkId, exercise.free_response!, "Second go");
    expect((await submissionOf(homeworkId)).status).toBe("in_progress");
  });
});

describe("the autosave route (POST /homework/:id/questions/:n, as htmx sends it)", () => {
  test("reads the submission and the question in one statement and saves in one more", async () => {
    const app = createApp();
    const homeworkId = await assign("Autosaved by route", ["multiple_choice", "numeric", "free_response"]);
    const student = await signedInAs(centre.people.student);
    const save = (n: number, response: string) =>
      send(app, "POST", `/homework/${homeworkId}/questions/${n}`, student, {
        body: { response },
        headers: { "hx-request": "true" },
      });
    // The first answer starts the work (its own transaction); later ones are one upsert each.
    expect((await save(2, "3")).status).toBe(200);
    const all: string[] = [];
    const stop = listenToQueries((event) => all.push(event.query.sql));
    let response: Response;
    try {
      response = await save(2, "3.5");
    } finally {
      stop();
    }
    expect(response.status).toBe(200);
    // Was six: the submission, the exercise ids, the exercises, every answer, the submission again, the upsert.
    expect(all).toHaveLength(2);
    expect(all[0]).toContain("count(*) over ()");
    expect(all[1]).toMatch(/insert into "answers"/);
    const submission = await submissionOf(homeworkId);
    expect(submission.status).toBe("in_progress");
    const saved = await db
      .selectFrom("answers")
      .select(["exercise_id", "response"])
      .where("submission_id", "=", submission.id)
      .execute();
    // Question 2 is the numeric exercise: the order the homework was set in.
    expect(saved).toEqual([{ exercise_id: exercise.numeric!, response: "3.5" }]);
    // A question past the last, another student's homework, a handed-in piece: refused as before.
    expect((await save(4, "1")).status).toBe(404);
    const other = await signedInAs(centre.people.tutor);
    expect(
      (await send(app, "POST", `/homework/${homeworkId}/questions/1`, other, { body: { response: "1" } })).status,
    ).toBe(403);
    expect(
      (
        await send(app, "POST", `/homework/${homeworkId}/questions/1`, student, { body: { response: "1", go: "next" } })
      ).headers.get("location"),
    ).toBe(`/homework/${homeworkId}/questions/2`);
    expect(
      (
        await send(app, "POST", `/homework/${homeworkId}/questions/3`, student, { body: { response: "x", go: "next" } })
      ).headers.get("location"),
    ).toBe(`/homework/${homeworkId}/questions/3`);
    expect(await submitHomework(await actorFor(centre.people.student), homeworkId)).toBe("submitted");
    expect((await save(1, "0")).status).toBe(409);
  });
});

describe("a hand-in marked on the spot", () => {
  test("writes every answer's mark in one statement, both events in one, the audit row in one", async () => {
    const homeworkId = await assign("Auto-marked", ["multiple_choice", "numeric", "short_answer"]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.multiple_choice!, "1");
    await saveAnswer(student, homeworkId, exercise.numeric!, "2");
    // short_answer left unanswered: it still gets its row, marked wrong.
    const statements = await statementsDuring(async () =>
      expect(await submitHomework(student, homeworkId)).toBe("marked"),
    );
    // Reads: the submission (with the homework), the exercises with their answers. Writes: the
    // answers' marks, the submission, the two events, the audit row (with the chain's lock and head).
    expect(statements.filter((text) => /insert into "answers"/.test(text))).toHaveLength(1);
    expect(statements.filter((text) => text.includes("outbox_events"))).toHaveLength(1);
    console.log(`hand-in marked on the spot, ${statements.length} statements:\n  ${statements.join("\n  ")}`);
    expect(statements.filter((text) => /"homework_exercises"/.test(text))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(6);
    // The audit row is the last statement: the chain's lock is held only until COMMIT.
    expect(statements.at(-1)).toContain("audit_append(");

    const submission = await submissionOf(homeworkId);
    expect([submission.status, Number(submission.score)]).toEqual(["marked", 2]);
    const answers = await db
      .selectFrom("answers")
      .select(["exercise_id", "is_correct", "auto_points", "response"])
      .where("submission_id", "=", submission.id)
      .execute();
    const byExercise = new Map(answers.map((answer) => [answer.exercise_id, answer]));
    expect(byExercise.get(exercise.multiple_choice!)).toMatchObject({ is_correct: true, response: "1" });
    expect(byExercise.get(exercise.numeric!)).toMatchObject({ is_correct: false, response: "2" });
    expect(byExercise.get(exercise.short_answer!)?.response ?? null).toBeNull();
    expect(byExercise.get(exercise.short_answer!)?.is_correct).not.toBe(true);
    // Handed in, then marked: in that order in the outbox, each once.
    expect((await eventsOf(submission.id)).map((event) => event.type)).toEqual([
      "submission.submitted",
      "submission.marked",
    ]);
    expect((await verifyAuditChains(db, { centreId: centre.id }))[0]?.broken).toBeNull();
  });
});

describe("a tutor's mark", () => {
  test("writes every tutor-marked answer in one statement and counts the right answers with the update", async () => {
    const homeworkId = await assign("Tutor-marked", ["multiple_choice", "free_response"]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.multiple_choice!, "1");
    await saveAnswer(student, homeworkId, exercise.free_response!, "Because.");
    expect(await submitHomework(student, homeworkId)).toBe("submitted");
    const submission = await submissionOf(homeworkId);
    const tutor = await actorFor(centre.people.tutor);
    const grade = {
      answers: { [exercise.free_response!]: { points: "3", feedback: "Well argued." } },
      overall: "",
      feedback: "Good work.",
    };
    const statements = await statementsDuring(() => gradeSubmission(tutor, submission.id, grade));
    expect(statements.filter((text) => /update answers/i.test(text))).toHaveLength(1);
    expect(statements.filter((text) => text.includes("outbox_events"))).toHaveLength(1);
    // Reads: the tutor's classes, the submission in their scope, the exercises. Writes: the
    // answers, the submission (with the count), the event, the audit row (lock and head with it).
    console.log(`a tutor's mark, ${statements.length} statements:\n  ${statements.join("\n  ")}`);
    // The exercises in one statement (it was the ids, then the exercises).
    expect(statements.filter((text) => /"exercises"/.test(text))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(7);
    expect(statements.at(-1)).toContain("audit_append(");

    const marked = await submissionOf(homeworkId);
    expect([marked.status, Number(marked.score), marked.marker_id]).toEqual(["marked", 5, centre.people.tutor.id]);
    const answer = await db
      .selectFrom("answers")
      .select(["tutor_points", "feedback"])
      .where("submission_id", "=", submission.id)
      .where("exercise_id", "=", exercise.free_response!)
      .executeTakeFirstOrThrow();
    expect([Number(answer.tutor_points), answer.feedback]).toEqual([3, "Well argued."]);
    const events = await eventsOf(submission.id);
    const markedEvent = events.find((event) => event.type === "submission.marked");
    // The multiple choice right on hand-in, and the free response given full points.
    expect(markedEvent?.payload).toMatchObject({ score: 5, correctAnswers: 2, markerId: centre.people.tutor.id });
    expect(events.filter((event) => event.type === "submission.marked")).toHaveLength(1);
  });

  test("through its route, the submission and exercises the route read are not read again", async () => {
    const homeworkId = await assign("Marked by route", ["multiple_choice", "free_response"]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.free_response!, "Because.");
    expect(await submitHomework(student, homeworkId)).toBe("submitted");
    const submission = await submissionOf(homeworkId);
    const app = createApp();
    const tutor = await signedInAs(centre.people.tutor);
    const all: string[] = [];
    const stop = listenToQueries((event) => all.push(event.query.sql));
    let response: Response;
    try {
      response = await send(app, "POST", `/submissions/${submission.id}/mark`, tutor, {
        body: { [`points-${exercise.free_response!}`]: "2", feedback: "Fine." },
      });
    } finally {
      stop();
    }
    expect(response.status).toBe(303);
    // The tutor's classes, the submission, the exercises, the queue's neighbours either side; then
    // BEGIN, the answers, the submission, the event, the audit row, COMMIT. Was 17: the mark read
    // the classes, the submission and the exercises (two) again, and the audit row was two.
    console.log(`the mark route, ${all.length} statements:\n  ${all.join("\n  ")}`);
    expect(all.filter((text) => /"homework_exercises"/.test(text))).toHaveLength(1);
    expect(all.filter((text) => /from "submissions" inner join "homework"/.test(text))).toHaveLength(1);
    expect(all.length).toBeLessThanOrEqual(11);
    const marked = await submissionOf(homeworkId);
    expect([marked.status, Number(marked.score)]).toEqual(["marked", 2]);
    expect((await verifyAuditChains(db, { centreId: centre.id }))[0]?.broken).toBeNull();
    // Marked already: the route refuses a second mark, as before.
    const again = await send(app, "POST", `/submissions/${submission.id}/mark`, tutor, {
      body: { [`points-${exercise.free_response!}`]: "3", feedback: "Again." },
    });
    expect(again.status).toBe(409);
  });

  test("work marked elsewhere first is refused, and writes nothing", async () => {
    const homeworkId = await assign("Marked twice", ["free_response"]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.free_response!, "Twice.");
    await submitHomework(student, homeworkId);
    const submission = await submissionOf(homeworkId);
    const tutor = await actorFor(centre.people.tutor);
    const grade = (points: string) => ({
      answers: { [exercise.free_response!]: { points, feedback: "" } },
      overall: "",
      feedback: "",
    });
    const results = await Promise.allSettled([
      gradeSubmission(tutor, submission.id, grade("1")),
      gradeSubmission(tutor, submission.id, grade("2")),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const events = await eventsOf(submission.id);
    expect(events.filter((event) => event.type === "submission.marked")).toHaveLength(1);
  });
});

describe("the worker's share of a hand-in", () => {
  test("its events' handlers run in a bounded number of statements, and a retry adds no effect", async () => {
    const homeworkId = await assign("Handled", ["multiple_choice", "numeric"]);
    const student = await actorFor(centre.people.student);
    await saveAnswer(student, homeworkId, exercise.multiple_choice!, "1");
    expect(await submitHomework(student, homeworkId)).toBe("marked");
    const submission = await submissionOf(homeworkId);
    const events = await db
      .selectFrom("outbox_events")
      .select(["id", "type", "centre_id", "payload", "created_at"])
      .where(sql<boolean>`payload->>'submissionId' = ${submission.id}`)
      .orderBy("id")
      .execute();
    const job = (event: (typeof events)[number], attempt: number) =>
      ({
        data: {
          eventId: String(event.id),
          type: event.type as EventType,
          centreId: event.centre_id,
          payload: event.payload,
          createdAt: event.created_at.toISOString(),
        },
        attemptsStarted: attempt,
        attemptsMade: attempt - 1,
        stalledCounter: 0,
      }) as Job<EventJobData>;
    const handlers = eventHandlers();
    const perEvent: Record<string, number> = {};
    for (const event of events) {
      const statements = await statementsDuring(() => handlers.process(job(event, 1)));
      perEvent[event.type] = statements.length;
    }
    console.log(`worker statements per event of an auto-marked hand-in: ${JSON.stringify(perEvent)}`);
    // submission.submitted: the on-time XP (off here) and the tutor's live count; submission.marked:
    // the student's note, the parent's note and email choice, the exercises' XP (off here).
    expect(perEvent["submission.submitted"]).toBeLessThanOrEqual(5);
    expect(perEvent["submission.marked"]).toBeLessThanOrEqual(12);
    const notes = () =>
      db
        .selectFrom("notifications")
        .select("id")
        .where("centre_id", "=", centre.id)
        .where(sql<boolean>`params->>'title' = 'Handled'`)
        .execute();
    const told = (await notes()).length;
    expect(told).toBeGreaterThanOrEqual(1);
    for (const event of events) await handlers.process(job(event, 2));
    expect((await notes()).length).toBe(told);
  });
});
