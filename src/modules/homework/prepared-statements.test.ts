import { beforeAll, expect, test } from "bun:test";
import { type Centre, createCentre, demoCourse, setHomework } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { ownSubmissionQuestionStatement } from "./queries";
import { upsertAnswer } from "./service";

/**
 * The answer autosave's two statements are built once (platform/db/prepared.ts): for each set of
 * values they send what the builder would have sent, and read the same rows.
 */
let centre: Centre;
let other: Centre;
let homeworkId: string;
let exerciseIds: string[];

beforeAll(async () => {
  [centre, other] = await Promise.all([
    createCentre({ label: "prepared-hw" }),
    createCentre({ label: "prepared-hw-b" }),
  ]);
  const work = await demoCourse(centre);
  exerciseIds = work.exerciseIds;
  homeworkId = await setHomework(centre, work, "Prepared statements");
});

test("the autosave's read: the builder's SQL and rows, question by question and for other people", async () => {
  const student = centre.people.student.id;
  const cases = [
    { centreId: centre.id, homeworkId, studentId: student, before: 0 },
    { centreId: centre.id, homeworkId, studentId: student, before: exerciseIds.length - 1 },
    { centreId: centre.id, homeworkId, studentId: student, before: exerciseIds.length },
    { centreId: centre.id, homeworkId, studentId: centre.people.tutor.id, before: 0 },
    { centreId: other.id, homeworkId, studentId: student, before: 0 },
  ];
  for (const values of cases) {
    const built = ownSubmissionQuestionStatement.built(db, values).compile();
    const ours = ownSubmissionQuestionStatement.compiled(db, values);
    expect(ours.sql).toBe(built.sql);
    expect(ours.parameters).toEqual(built.parameters);
    const { rows } = await db.executeQuery(ownSubmissionQuestionStatement.built(db, values));
    expect(await ownSubmissionQuestionStatement.first(db, values)).toEqual(rows[0]);
  }
  const [first, last, past, tutor, elsewhere] = await Promise.all(
    cases.map((values) => ownSubmissionQuestionStatement.first(db, values)),
  );
  expect(first?.questionId).toBe(exerciseIds[0] as string);
  expect(last?.questionId).toBe(exerciseIds.at(-1) as string);
  expect(first?.questionCount).toBe(exerciseIds.length);
  expect(past?.submissionId).toBe(first?.submissionId as string);
  expect(past?.questionId).toBeNull();
  expect(tutor).toBeUndefined();
  expect(elsewhere).toBeUndefined();
});

test("the autosave's upsert: the builder's SQL, a new answer then a re-save, stored as jsonb", async () => {
  const read = await ownSubmissionQuestionStatement.first(db, {
    centreId: centre.id,
    homeworkId,
    studentId: centre.people.student.id,
    before: 0,
  });
  const now = new Date();
  const values = (response: string) => ({
    centreId: centre.id,
    submissionId: read?.submissionId as string,
    exerciseId: exerciseIds[0] as string,
    responseJson: JSON.stringify(response),
    now,
  });
  for (const response of ["a half", "", 'quotes " and \\ and ünïcode']) {
    const built = upsertAnswer.built(db, values(response)).compile();
    const ours = upsertAnswer.compiled(db, values(response));
    expect(ours.sql).toBe(built.sql);
    expect(ours.parameters).toEqual(built.parameters);
  }
  expect(await upsertAnswer.first(db, values("a half"))).toEqual({ inserted: true });
  expect(await upsertAnswer.first(db, values('quotes " and \\'))).toEqual({ inserted: false });
  const stored = await db
    .selectFrom("answers")
    .select("response")
    .where("submission_id", "=", read?.submissionId as string)
    .where("exercise_id", "=", exerciseIds[0] as string)
    .executeTakeFirstOrThrow();
  expect(stored.response).toBe('quotes " and \\');
});
