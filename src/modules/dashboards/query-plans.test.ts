import { beforeAll, describe, expect, test } from "bun:test";
import { type CompiledQuery, sql } from "kysely";
import { type Centre, createCentre } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { listenToQueries } from "../../platform/db/instrumented-dialect";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { seedDemoCourses } from "../courses/demo";
import { dueHomeworkForStudent, markingQueueCount } from "../homework";
import { adminDashboard, parentDashboard, studentDashboard, tutorDashboard } from "./service";

/**
 * The hot queries on a realistic centre (400 students, 20,000 submissions) must use indexes:
 * every plan is checked for sequential scans on the big tables.
 */
const BIG_TABLES = ["submissions", "users", "attendance", "answers", "class_members", "class_sessions"];
let centre: Centre;
let centreId: CentreId;
let tutorId: string;
let studentId: string;

async function seedLargeCentre(): Promise<void> {
  centre = await createCentre({ label: "plans" });
  centreId = trustedCentreId(centre.id);
  tutorId = centre.people.tutor.id;
  studentId = centre.people.student.id;
  const { courseId } = await seedDemoCourses(db, centreId, centre.people.head_tutor.id);
  await sql`
    insert into users (centre_id, role, name, student_code)
    select ${centre.id}::uuid, 'student', 'Student ' || n, ${centre.slug} || '-' || n from generate_series(1, 400) n`.execute(
    db,
  );
  // 20 classes of 20 students, 50 homework each: 20,000 submissions; ten weeks of attendance.
  await sql`
    insert into classes (centre_id, course_id, tutor_id, name, starts_on)
    select ${centre.id}::uuid, ${courseId}::uuid, ${tutorId}::uuid, 'Class ' || n, current_date - 70
    from generate_series(1, 20) n`.execute(db);
  await sql`
    insert into class_slots (centre_id, class_id, weekday, start_time, duration_minutes)
    select centre_id, id, 1 + (row_number() over (order by id))::int % 5, '16:00', 60
    from classes where centre_id = ${centre.id}::uuid`.execute(db);
  await sql`
    insert into class_members (centre_id, class_id, student_id)
    select ${centre.id}::uuid, c.id, s.id
    from (select id, row_number() over (order by id) - 1 as i from classes where centre_id = ${centre.id}::uuid) c
    join (select id, row_number() over (order by id) - 1 as i from users where centre_id = ${centre.id}::uuid and role = 'student') s
      on s.i % 20 = c.i`.execute(db);
  await sql`
    insert into homework (centre_id, title, kind, course_id, class_id, set_by, due_at)
    select ${centre.id}::uuid, 'Homework ' || n, 'exercises', ${courseId}::uuid, c.id, ${tutorId}::uuid, now() + (n - 25) * interval '1 day'
    from classes c, generate_series(1, 50) n where c.centre_id = ${centre.id}::uuid`.execute(db);
  await sql`
    insert into submissions (centre_id, homework_id, student_id, status, submitted_at, max_score)
    select ${centre.id}::uuid, h.id, m.student_id,
      (array['not_started','in_progress','submitted','marked'])[1 + abs(hashtext(h.id::text || m.student_id::text)) % 4],
      now() - interval '1 day', 10
    from homework h join class_members m on m.class_id = h.class_id and m.centre_id = h.centre_id
    where h.centre_id = ${centre.id}::uuid`.execute(db);
  await sql`update submissions set submitted_at = null where centre_id = ${centre.id}::uuid and status in ('not_started','in_progress')`.execute(
    db,
  );
  await sql`
    insert into class_sessions (centre_id, class_id, starts_at, ends_at)
    select ${centre.id}::uuid, c.id, now() - n * interval '7 days', now() - n * interval '7 days' + interval '1 hour'
    from classes c, generate_series(0, 9) n where c.centre_id = ${centre.id}::uuid`.execute(db);
  await sql`
    insert into attendance (centre_id, session_id, student_id, status, method)
    select ${centre.id}::uuid, cs.id, m.student_id, (array['present','late','absent'])[1 + abs(hashtext(cs.id::text || m.student_id::text)) % 3], 'tutor'
    from class_sessions cs join class_members m on m.class_id = cs.class_id and m.centre_id = cs.centre_id
    where cs.centre_id = ${centre.id}::uuid`.execute(db);
  await sql`analyze`.execute(db);
}

beforeAll(seedLargeCentre, 120_000);

/** Runs the work and returns every SELECT it sent, compiled with its parameters. */
async function queriesOf(work: () => Promise<unknown>): Promise<CompiledQuery[]> {
  const queries: CompiledQuery[] = [];
  const stop = listenToQueries((event) => {
    if (/^\s*(select|with)\b/i.test(event.query.sql)) queries.push(event.query);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return queries;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function sequentialScans(node: PlanNode): string[] {
  const own =
    node["Node Type"] === "Seq Scan" && BIG_TABLES.includes(node["Relation Name"] ?? "")
      ? [node["Relation Name"] as string]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(sequentialScans)];
}

/**
 * The plan with sequential scans priced out: on test data one centre is most of every table, so
 * the planner may rightly prefer a scan; what must hold is that an index can serve the query.
 * A Seq Scan that survives enable_seqscan = off means no index fits.
 */
async function seqScansIn(query: CompiledQuery): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const explained = await trx.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>({
      ...query,
      sql: `explain (format json) ${query.sql}`,
    });
    return sequentialScans(explained.rows[0]?.["QUERY PLAN"][0]?.Plan as PlanNode);
  });
}

async function expectIndexedPlans(work: () => Promise<unknown>): Promise<void> {
  const queries = await queriesOf(work);
  expect(queries.length).toBeGreaterThan(0);
  const offenders: string[] = [];
  for (const query of queries) {
    const scans = await seqScansIn(query);
    if (scans.length > 0) offenders.push(`${scans.join(", ")} in: ${query.sql.slice(0, 240)}`);
  }
  expect(offenders).toEqual([]);
}

describe("hot queries use indexes on a centre with 400 students and 20,000 submissions", () => {
  test("the seeded centre is as large as the acceptance asks", async () => {
    const row = await sql<{
      count: string;
    }>`select count(*)::text from submissions where centre_id = ${centre.id}::uuid`.execute(db);
    expect(Number(row.rows[0]?.count)).toBeGreaterThanOrEqual(20_000);
  });

  test("the marking queue", () => expectIndexedPlans(() => markingQueueCount(centreId, null)));

  test("a student's due homework", () => expectIndexedPlans(() => dueHomeworkForStudent(centreId, studentId)));

  test("the student dashboard", () =>
    expectIndexedPlans(() =>
      studentDashboard(
        { id: centreId, timeZone: "Europe/London", locale: "en-GB", features: { gamification: true } },
        studentId,
        new Date(Date.now() + Math.random()),
      ),
    ));

  test("the tutor dashboard", () =>
    expectIndexedPlans(() =>
      tutorDashboard({ id: centreId, timeZone: "Europe/London" }, tutorId, false, new Date(Date.now() + 1)),
    ));

  test("the parent dashboard", () =>
    expectIndexedPlans(() => parentDashboard({ id: centreId, timeZone: "Europe/London" }, centre.people.parent.id)));

  test("the admin dashboard", () =>
    expectIndexedPlans(() => adminDashboard({ id: centreId, timeZone: "Europe/London" })));
});
