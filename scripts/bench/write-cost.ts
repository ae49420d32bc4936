/**
 * bun scripts/bench/write-cost.ts — run by `./scripts/bench.sh writecost` (its own database).
 *
 * What the writes of the concurrent-users scenario cost, without the noise of a shared machine's
 * wall clock (issue 17, acceptance 2): one centre seeded as scale-seed seeds it for that scenario,
 * then, one write at a time through the same services the routes call, BENCH_WRITES (default 150)
 * answer autosaves, hand-ins, marks and register check-ins, and afterwards the worker's handlers
 * over every event they published (run in this process, as the events worker runs them, minus
 * BullMQ). For each: statements per action (the pool's query log), this process's CPU per
 * action (process.cpuUsage: the web's or the worker's share) and PostgreSQL's CPU per action (its
 * postmaster and every backend, from /proc; the background writers included).
 */
import { readFileSync } from "node:fs";
import type { Job } from "bullmq";
import { sql } from "kysely";
import { recordAttendance } from "../../src/modules/classes";
import { gradeSubmission, saveAnswer, submitHomework } from "../../src/modules/homework";
import { actorInCentre } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import { listenToQueries } from "../../src/platform/db/instrumented-dialect";
import type { Role } from "../../src/platform/db/schema";
import type { EventJobData, EventType } from "../../src/platform/events/types";
import { mailRelay } from "../../src/platform/mail";
import { redis } from "../../src/platform/redis";
import { trustedCentreId } from "../../src/platform/tenancy";
import { eventHandlers } from "../../src/registry";
import { seedScenarioCentre } from "./harness";
import { postgresCpuMs } from "./proc";

const WRITES = Number(process.env.BENCH_WRITES ?? 150);
const STUDENTS = Math.max(40, Math.ceil(WRITES / 20) * 20);

interface Cost {
  name: string;
  actions: number;
  statements: number;
  redisCommands: number;
  ownMs: number;
  postgresMs: number;
  wallMs: number;
}

const costs: Cost[] = [];
/** The worker's statements by their text (BENCH_STATEMENTS=1 prints the most frequent). */
const workerStatements = new Map<string, number>();

/** Calls so far by command (INFO commandstats): which commands the worker's phases sent. */
async function redisCallsByCommand(): Promise<Map<string, number>> {
  const stats = await redis.info("commandstats");
  return new Map([...stats.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)].map((match) => [match[1]!, Number(match[2])]));
}

/** Commands Redis has processed so far (INFO stats; the bench's Redis serves only this process). */
async function redisCommandsSoFar(): Promise<number> {
  const stats = await redis.info("stats");
  return Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? 0);
}

async function measure(
  name: string,
  items: readonly (() => Promise<unknown>)[],
  actions = items.length,
): Promise<void> {
  let statements = 0;
  const stop = listenToQueries((event) => {
    statements++;
    if (name.startsWith("worker"))
      workerStatements.set(event.query.sql, (workerStatements.get(event.query.sql) ?? 0) + 1);
  });
  // Settle: what earlier work left (autovacuum, a checkpoint) is not this phase's.
  await Bun.sleep(500);
  const redisBefore = await redisCommandsSoFar();
  const pgBefore = postgresCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const item of items) await item();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = postgresCpuMs();
  stop();
  // Less the INFO command that reads the count.
  const redisCommands = (await redisCommandsSoFar()) - redisBefore - 1;
  costs.push({
    name,
    actions,
    statements,
    redisCommands,
    ownMs: (cpu.user + cpu.system) / 1000,
    postgresMs: pgAfter - pgBefore,
    wallMs,
  });
}

const request = { ip: "127.0.0.1", userAgent: "bench-write-cost", requestId: "bench-write-cost" };

async function main(): Promise<void> {
  const slug = `writecost-${crypto.randomUUID().slice(0, 6)}`;
  await seedScenarioCentre(slug, STUDENTS);
  const centre = await db.selectFrom("centres").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  const centreId = trustedCentreId(centre.id);
  const people = await db
    .selectFrom("users")
    .select(["id", "role", "name"])
    .where("centre_id", "=", centreId)
    .execute();
  const actors = new Map(
    await Promise.all(
      people.map(
        async (person) =>
          [
            person.id,
            await actorInCentre({ userId: person.id, role: person.role as Role, name: person.name }, centreId, request),
          ] as const,
      ),
    ),
  );
  const actor = (id: string) => actors.get(id)!;
  const exercises = (
    await db.selectFrom("exercises").select("id").where("centre_id", "=", centreId).orderBy("position").execute()
  ).map((row) => row.id);
  // Each student's open homework (two per student, due later): one to answer, one to hand in.
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
  const { rows: outboxStart } = await sql<{
    id: string;
  }>`select coalesce(max(id), 0)::text as id from outbox_events`.execute(db);

  // As the scenario's students type: the first answer starts the work, then saves of it.
  await measure(
    "answer autosave",
    students.flatMap(([studentId, [homeworkId]]) =>
      [0, 1, 0].map((n, index) => () => saveAnswer(actor(studentId), homeworkId!, exercises[n]!, `0.${index + 2}5`)),
    ),
  );
  await measure(
    "hand-in",
    students.map(
      ([studentId, homework]) =>
        () =>
          submitHomework(actor(studentId), homework[1]!),
    ),
  );
  await measure(
    "mark",
    waiting.rows.map(
      (row) => () => gradeSubmission(actor(row.tutor_id), row.id, { answers: {}, overall: "", feedback: "Good work." }),
    ),
  );
  await measure(
    "register check-in",
    registers.rows.map(
      (row) => () => recordAttendance(actor(row.tutor_id), row.id, row.student_id, "present", "tutor"),
    ),
  );

  // The worker: every event those writes published, in order, as first runs of their jobs.
  const events = await sql<{ id: string; type: string; centre_id: string | null; payload: unknown; created_at: Date }>`
    select id::text as id, type, centre_id, payload, created_at from outbox_events
    where id > ${outboxStart[0]!.id}::bigint order by outbox_events.id`.execute(db);
  const handlers = eventHandlers();
  // What the worker's drainer relays straight to another queue (src/worker.ts) is handed over as
  // it does, in one addBulk per batch, not run as an events job.
  const relays = [mailRelay()];
  const job = (event: (typeof events.rows)[number]) =>
    ({
      data: {
        eventId: event.id,
        type: event.type as EventType,
        centreId: event.centre_id,
        payload: event.payload,
        createdAt: event.created_at.toISOString(),
      },
      attemptsStarted: 1,
      attemptsMade: 0,
      stalledCounter: 0,
    }) as Job<EventJobData>;
  // Handlers publish events of their own (XP awarded, mail queued): run those too, until none is left.
  const redisCallsBefore = await redisCallsByCommand();
  let pending = events.rows;
  let last = outboxStart[0]!.id;
  const byType = new Map<string, number>();
  while (pending.length > 0) {
    for (const event of pending) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    last = pending.at(-1)!.id;
    const batch = pending;
    const relayed = batch.filter((event) => relays.some((relay) => relay.type === event.type));
    const handled = batch.filter((event) => !relayed.includes(event));
    await measure(
      `worker: ${batch.length} events`,
      [
        ...handled.map((event) => () => handlers.process(job(event))),
        // First runs' handled records wait to be written together: written within the phase.
        () => handlers.flushRecords(),
        ...relays.map((relay) => async () => {
          const mine = relayed.filter((event) => event.type === relay.type);
          if (mine.length > 0) await relay.queue.addBulk(mine.map((event) => relay.job(job(event).data)));
        }),
      ],
      batch.length,
    );
    pending = (
      await sql<{ id: string; type: string; centre_id: string | null; payload: unknown; created_at: Date }>`
        select id::text as id, type, centre_id, payload, created_at from outbox_events
        where id > ${last}::bigint order by outbox_events.id`.execute(db)
    ).rows;
  }

  const redisCallsAfter = await redisCallsByCommand();
  const writes = costs.filter((cost) => !cost.name.startsWith("worker"));
  const worker = costs.filter((cost) => cost.name.startsWith("worker"));
  console.log(
    `write cost: one centre of ${STUDENTS} students, one write at a time; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );
  console.log("  write                 actions  statements/action  process CPU ms/action  postgres CPU ms/action");
  for (const cost of writes) {
    console.log(
      `  ${cost.name.padEnd(21)} ${String(cost.actions).padStart(7)} ${(cost.statements / cost.actions).toFixed(1).padStart(18)} ${(cost.ownMs / cost.actions).toFixed(2).padStart(22)} ${(cost.postgresMs / cost.actions).toFixed(2).padStart(23)}`,
    );
  }
  const sum = (list: Cost[], key: "statements" | "redisCommands" | "ownMs" | "postgresMs") =>
    list.reduce((total, cost) => total + cost[key], 0);
  const actionsOfWrites = writes.reduce((total, cost) => total + cost.actions, 0);
  const eventCount = worker.reduce((total, cost) => total + cost.actions, 0);
  console.log(
    `  worker: ${eventCount} events (${[...byType.entries()].map(([type, n]) => `${type} ${n}`).join(", ")})`,
  );
  console.log(
    `    per event:  ${(sum(worker, "statements") / eventCount).toFixed(1)} statements, ${(sum(worker, "redisCommands") / eventCount).toFixed(1)} Redis commands, ${(sum(worker, "ownMs") / eventCount).toFixed(2)} ms worker CPU, ${(sum(worker, "postgresMs") / eventCount).toFixed(2)} ms postgres CPU`,
  );
  console.log(
    `    per write:  ${(sum(worker, "statements") / actionsOfWrites).toFixed(1)} statements, ${(sum(worker, "redisCommands") / actionsOfWrites).toFixed(1)} Redis commands, ${(sum(worker, "ownMs") / actionsOfWrites).toFixed(2)} ms worker CPU, ${(sum(worker, "postgresMs") / actionsOfWrites).toFixed(2)} ms postgres CPU`,
  );
  if (process.env.BENCH_STATEMENTS) {
    console.log("  the worker's statements, most frequent first (count, then the SQL's first 160 characters):");
    const top = [...workerStatements.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
    for (const [text, count] of top)
      console.log(`  ${String(count).padStart(6)}  ${text.replace(/\s+/g, " ").slice(0, 160)}`);
    const calls = [...redisCallsAfter.entries()]
      .map(([command, count]) => [command, count - (redisCallsBefore.get(command) ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1]);
    console.log(`  the worker's Redis commands (INFO commandstats): ${calls.map(([c, n]) => `${c} ${n}`).join(", ")}`);
  }
}

await main();
await db.destroy();
redis.disconnect();
process.exit(0);
