import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import {
  actorFor,
  type Centre,
  createCentre,
  demoCourse,
  setHomework,
  signedInAs,
} from "../../../tests/support/fixtures";
import { analyzeAsOwner } from "../../../tests/support/owner-db";
import { createApp } from "../../app";
import { cachePart, invalidateParts } from "../../platform/cache";
import { db } from "../../platform/db";
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import { type PlanChoice, readsOf } from "../../platform/db/rows-read";
import { redis } from "../../platform/redis";
import { trustedCentreId } from "../../platform/tenancy";
import { childrenOf, childrenWithConsent, consentStates, recordConsent } from "../people";
import { exerciseStatsByCourse } from "./queries";

/**
 * What a home page view of the concurrent-users scenario sends to PostgreSQL (issue 17,
 * docs/performance.md "page-reads"): the student's and the parent's dashboards after a write made
 * them stale (most views in the scenario), and again from the cache. Counted statements, not time.
 */
const app = createApp();
let centre: Centre;
const OTHER_STUDENTS = 1000;

beforeAll(async () => {
  centre = await createCentre({ label: "page-reads", features: { gamification: true } });
  const work = await demoCourse(centre);
  await setHomework(centre, work, "Fractions");
  await setHomework(centre, work, "Decimals");
  // The young student has consent on record: the parent's cards show it.
  await recordConsent(await actorFor(centre.people.parent), centre.youngStudent.id, "given");
}, 60_000);

/** Statements of one view of the page, the viewer's parts made stale first or not. */
async function statementsOfView(path: string, who: Awaited<ReturnType<typeof signedInAs>>, stale: string[] | null) {
  await send(app, "GET", path, who);
  if (stale)
    await invalidateParts(
      redis,
      centre.id,
      stale.map((id) => cachePart.student(id)),
    );
  let status = 0;
  const statements = await statementsDuring(async () => {
    status = (await send(app, "GET", path, who)).status;
  });
  expect(status).toBe(200);
  return statements;
}

describe("the student's home page", () => {
  test("after a write to what it shows: four statements (eleven before)", async () => {
    const student = await signedInAs(centre.people.student);
    const statements = await statementsOfView("/home", student, [centre.people.student.id]);
    // The homework lists and completion, the courses, the exercise figures, the XP section; the
    // announcements are cached apart, read in the same round trip.
    expect(statements).toHaveLength(4);
    expect(statements.filter((text) => /\bannouncements\b/.test(text))).toHaveLength(0);
  });

  test("from the cache: no statement (the announcements were one)", async () => {
    const student = await signedInAs(centre.people.student);
    expect(await statementsOfView("/home", student, null)).toHaveLength(0);
  });
});

describe("the parent's home page", () => {
  const children = () => [centre.people.student.id, centre.youngStudent.id];

  test("after a write to what it shows: the children once, then two statements a child (ten before for two)", async () => {
    const parent = await signedInAs(centre.people.parent);
    const statements = await statementsOfView("/home", parent, children());
    // Children with consent; per child its attendance and its homework overview.
    expect(statements).toHaveLength(1 + 2 * children().length);
    expect(statements.filter((text) => /\bguardianships\b/.test(text))).toHaveLength(1);
  });

  test("from the cache: the children with their consent only (four before, then two with the announcements)", async () => {
    const parent = await signedInAs(centre.people.parent);
    expect(await statementsOfView("/home", parent, null)).toHaveLength(1);
  });

  test("the children with their consent are what childrenOf and consentStates answer", async () => {
    const id = trustedCentreId(centre.id);
    const listed = await childrenOf(db, id, centre.people.parent.id);
    const states = await consentStates(
      db,
      id,
      listed.map((child) => child.id),
    );
    const expected = listed.map((child) => {
      const state = states.get(child.id);
      return { ...child, consent: state ? { action: state.action, at: state.at } : null };
    });
    const both = await childrenWithConsent(db, id, centre.people.parent.id);
    expect(both).toEqual(expected);
    expect(both.find((child) => child.id === centre.youngStudent.id)?.consent?.action).toBe("given");
    expect(both.find((child) => child.id === centre.people.student.id)?.consent).toBeNull();
  });
});

describe("a student's exercise figures per course", () => {
  test("count only the student's own answers, while 1,000 others answered the same exercises", async () => {
    const id = trustedCentreId(centre.id);
    const student = centre.people.student.id;
    // The student answered their two pieces of homework; 1,000 others answered the same exercises
    // (enough rows that, with real statistics, reading the tables whole is not the cheaper plan).
    await sql`
      insert into answers (centre_id, submission_id, exercise_id, response, is_correct)
      select s.centre_id, s.id, he.exercise_id, '"4"'::jsonb, true
      from submissions s join homework_exercises he on he.centre_id = s.centre_id and he.homework_id = s.homework_id
      where s.centre_id = ${id} and s.student_id = ${student}
      on conflict do nothing`.execute(db);
    const [homework] = await sql<{ homework_id: string }>`
      select homework_id from submissions where centre_id = ${id} and student_id = ${student} limit 1`
      .execute(db)
      .then((result) => result.rows);
    await sql`
      insert into users (centre_id, role, name, student_code)
      select ${id}, 'student', 'Other ' || n, 'page-reads-' || n from generate_series(1, ${OTHER_STUDENTS}) n`.execute(
      db,
    );
    await sql`
      insert into submissions (centre_id, homework_id, student_id, status, max_score)
      select ${id}, ${homework?.homework_id}, u.id, 'in_progress', 10
      from users u where u.centre_id = ${id} and u.student_code like 'page-reads-%'`.execute(db);
    await sql`
      insert into answers (centre_id, submission_id, exercise_id, response, is_correct)
      select s.centre_id, s.id, he.exercise_id, '"5"'::jsonb, false
      from submissions s join homework_exercises he on he.centre_id = s.centre_id and he.homework_id = s.homework_id
      join users u on u.id = s.student_id and u.student_code like 'page-reads-%'
      where s.centre_id = ${id}`.execute(db);
    await analyzeAsOwner("answers", "submissions", "users");

    const own = await sql<{ count: number }>`
      select count(*)::int as count from answers a join submissions s on s.id = a.submission_id
      where s.centre_id = ${id} and s.student_id = ${student}`.execute(db);
    const ownAnswers = own.rows[0]?.count ?? 0;
    const all = await sql<{
      count: number;
    }>`select count(*)::int as count from answers where centre_id = ${id}`.execute(db);
    expect(ownAnswers).toBeGreaterThan(0);
    expect(all.rows[0]?.count).toBeGreaterThan(ownAnswers * 10);

    const [stats] = await exerciseStatsByCourse(db, id, student);
    expect(stats).toMatchObject({ attempted: ownAnswers, correct: ownAnswers });
    // Under the plan made for these values and under the generic one a web process's prepared
    // statement may keep: the student's answers, never the centre's (a bitmap scan counts its
    // index's entries too, hence twice).
    const answersRead = async (plan: PlanChoice) => {
      const [reads] = await readsOf(db, () => exerciseStatsByCourse(db, id, student), plan);
      return (reads?.answers ?? 0) + (reads?.answers_pkey ?? 0);
    };
    expect(await answersRead("custom")).toBeLessThanOrEqual(2 * ownAnswers);
    expect(await answersRead("generic")).toBeLessThanOrEqual(2 * ownAnswers);
  });
});
