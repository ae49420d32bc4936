/**
 * bun scripts/bench/write-routes.ts — run by `./scripts/bench.sh writeroutes` (its own database).
 *
 * The writes of the concurrent-users scenario as the web process serves them (issue 17): the same
 * centre write-cost.ts seeds, then BENCH_WRITES (default 150) of each write sent as HTTP requests
 * to the app in this process (`app.handle`), exactly as scripts/bench-users.ts sends them: an htmx
 * answer autosave, a hand-in, a tutor's mark with every question's points, a register check-in.
 * So each figure carries what write-cost.ts leaves out: the request's access round (session, rate
 * limit, centre), the CSRF check, the body's parsing, the route's own reads, the answer it renders,
 * the metrics and the log. Per action: statements (BEGIN/COMMIT included), this process's CPU and
 * PostgreSQL's (every process of the instance, from /proc). A request answered 4xx/5xx is counted
 * and reported: the figures are only meaningful with none.
 */
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { createApp } from "../../src/app";
import { ownSubmissionQuestionStatement, upsertAnswer } from "../../src/modules/homework";
import { db } from "../../src/platform/db";
import { listenToQueries } from "../../src/platform/db/instrumented-dialect";
import type { Prepared } from "../../src/platform/db/prepared";
import type { Role } from "../../src/platform/db/schema";
import { SESSION_COOKIE } from "../../src/platform/http/authenticate";
import { csrfTokenFor } from "../../src/platform/http/csrf";
import type { UserPrincipal } from "../../src/platform/principal";
import { redis } from "../../src/platform/redis";
import { createSession } from "../../src/platform/session/store";
import { signSessionToken } from "../../src/platform/session/tokens";
import { trustedCentreId } from "../../src/platform/tenancy";
import { seedScenarioCentre } from "./harness";
import { postgresCpuMs } from "./proc";

const WRITES = Number(process.env.BENCH_WRITES ?? 150);
const STUDENTS = Math.max(40, Math.ceil(WRITES / 20) * 20);
const ORIGIN = "http://localhost";

interface Cost {
  name: string;
  actions: number;
  refused: number;
  statements: number;
  ownMs: number;
  postgresMs: number;
}

const costs: Cost[] = [];
const app = createApp();

interface Who {
  cookie: string;
  csrf: string;
}

/** A POST as bench-users.ts sends it: a form with the CSRF token, the origin, htmx's header. */
async function post(who: Who, path: string, form: Record<string, string>): Promise<boolean> {
  const response = await app.handle(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: {
        cookie: who.cookie,
        origin: ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
        "hx-request": "true",
      },
      body: new URLSearchParams({ _csrf: who.csrf, ...form }),
    }),
  );
  await response.arrayBuffer();
  return response.status < 400;
}

async function measure(name: string, items: readonly (() => Promise<boolean>)[]): Promise<void> {
  let statements = 0;
  const stop = listenToQueries(() => {
    statements++;
  });
  await Bun.sleep(500);
  const pgBefore = postgresCpuMs();
  const cpuBefore = process.cpuUsage();
  let refused = 0;
  for (const item of items) if (!(await item())) refused++;
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = postgresCpuMs();
  stop();
  costs.push({
    name,
    actions: items.length,
    refused,
    statements,
    ownMs: (cpu.user + cpu.system) / 1000,
    postgresMs: pgAfter - pgBefore,
  });
}

/**
 * The web process's CPU to turn one statement into SQL and parameters: built by Kysely on every
 * call (as before issue 17's prepared statements) against compiled once (`prepared`), microseconds.
 */
function buildCost<Values extends Record<string, unknown>, Row>(statement: Prepared<Values, Row>, values: Values) {
  const per = (work: () => unknown) => {
    for (let i = 0; i < 2_000; i++) work();
    const before = process.cpuUsage();
    for (let i = 0; i < BUILDS; i++) work();
    const cpu = process.cpuUsage(before);
    return (cpu.user + cpu.system) / BUILDS;
  };
  return {
    built: per(() => statement.built(db, values).compile()),
    prepared: per(() => statement.compiled(db, values)),
  };
}
const BUILDS = 20_000;

async function main(): Promise<void> {
  const slug = `writeroutes-${crypto.randomUUID().slice(0, 6)}`;
  await seedScenarioCentre(slug, STUDENTS);
  const centre = await db.selectFrom("centres").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  const centreId = trustedCentreId(centre.id);
  const people = await db
    .selectFrom("users")
    .select(["id", "role", "name"])
    .where("centre_id", "=", centreId)
    .where("role", "in", ["student", "tutor"])
    .execute();
  const who = new Map<string, Who>();
  for (const person of people) {
    const role = person.role as Role;
    const session = await createSession(redis, {
      userId: person.id,
      centreId,
      actingCentreId: null,
      role,
      name: person.name,
      locale: null,
      ip: "127.0.0.1",
      userAgent: "bench-write-routes",
    });
    const principal: UserPrincipal = { kind: "user", session, userId: person.id, role, name: person.name, centreId };
    who.set(person.id, {
      cookie: `${SESSION_COOKIE}=${await signSessionToken(session.id)}`,
      csrf: csrfTokenFor(principal),
    });
  }
  const as = (id: string) => who.get(id)!;
  const exercises = (
    await db.selectFrom("exercises").select("id").where("centre_id", "=", centreId).orderBy("position").execute()
  ).map((row) => row.id);
  const open = await sql<{ homework_id: string; student_id: string }>`
    select s.homework_id, s.student_id from submissions s join homework h on h.id = s.homework_id
    where s.centre_id = ${centreId} and h.due_at > now() and s.status in ('not_started', 'in_progress')
    order by s.student_id, h.due_at`.execute(db);
  const byStudent = new Map<string, string[]>();
  for (const row of open.rows)
    byStudent.set(row.student_id, [...(byStudent.get(row.student_id) ?? []), row.homework_id]);
  const students = [...byStudent.entries()].filter(([, homework]) => homework.length >= 2).slice(0, WRITES);
  const waiting = await sql<{ id: string; tutor_id: string }>`
    select s.id, h.set_by as tutor_id from submissions s join homework h on h.id = s.homework_id
    where s.centre_id = ${centreId} and s.status = 'submitted' order by s.id limit ${WRITES}`.execute(db);
  const registers = await sql<{ id: string; tutor_id: string; student_id: string }>`
    select s.id, c.tutor_id, m.student_id from class_sessions s join classes c on c.id = s.class_id
    join class_members m on m.class_id = c.id and m.centre_id = c.centre_id
    where s.centre_id = ${centreId} and s.starts_at > now() - interval '2 hours'
    order by m.student_id limit ${WRITES}`.execute(db);

  // As the scenario's students type: the first answer starts the work, then saves of it.
  await measure(
    "answer autosave",
    students.flatMap(([studentId, [homeworkId]]) =>
      [1, 2, 1].map(
        (n, index) => () =>
          post(as(studentId), `/homework/${homeworkId}/questions/${n}`, { response: `0.${index + 2}5` }),
      ),
    ),
  );
  await measure(
    "hand-in",
    students.map(
      ([studentId, homework]) =>
        () =>
          post(as(studentId), `/homework/${homework[1]}/submit`, {}),
    ),
  );
  const points: Record<string, string> = { feedback: "Well done." };
  for (const exercise of exercises) points[`points-${exercise}`] = "2";
  await measure(
    "mark",
    waiting.rows.map((row) => () => post(as(row.tutor_id), `/submissions/${row.id}/mark`, points)),
  );
  await measure(
    "register check-in",
    registers.rows.map(
      (row) => () =>
        post(as(row.tutor_id), `/timetable/sessions/${row.id}/attendance/${row.student_id}`, {
          [`status-${row.student_id}`]: "present",
        }),
    ),
  );

  const [studentId, [homeworkId] = []] = students[0] ?? [];
  const read = await ownSubmissionQuestionStatement.first(db, {
    centreId,
    homeworkId: homeworkId as string,
    studentId: studentId as string,
    before: 0,
  });
  const builds = {
    "autosave's read": buildCost(ownSubmissionQuestionStatement, {
      centreId,
      homeworkId: homeworkId as string,
      studentId: studentId as string,
      before: 0,
    }),
    "autosave's upsert": buildCost(upsertAnswer, {
      centreId,
      submissionId: read?.submissionId as string,
      exerciseId: exercises[0] as string,
      responseJson: JSON.stringify("0.25"),
      now: new Date(),
    }),
  };

  console.log(
    `write routes: one centre of ${STUDENTS} students, one request at a time through the app; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );
  console.log("  write                 actions  refused  statements/action  web CPU ms/action  postgres CPU ms/action");
  for (const cost of costs) {
    console.log(
      `  ${cost.name.padEnd(21)} ${String(cost.actions).padStart(7)} ${String(cost.refused).padStart(8)} ${(cost.statements / cost.actions).toFixed(1).padStart(18)} ${(cost.ownMs / cost.actions).toFixed(2).padStart(18)} ${(cost.postgresMs / cost.actions).toFixed(2).padStart(23)}`,
    );
  }
  console.log(`  statement to SQL, µs of CPU each (${BUILDS} times): built per call → compiled once`);
  for (const [name, cost] of Object.entries(builds))
    console.log(`  ${name.padEnd(21)} ${cost.built.toFixed(1).padStart(7)} → ${cost.prepared.toFixed(1)}`);
}

await main();
await db.destroy();
redis.disconnect();
process.exit(0);
