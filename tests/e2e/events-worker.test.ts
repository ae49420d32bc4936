import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Queue } from "bullmq";
import { type Subprocess, spawn } from "bun";
import { sql } from "kysely";
import { db } from "../../src/platform/db";
import { eventJobId, publishEvent } from "../../src/platform/events";
import { QUEUES } from "../../src/platform/queue";
import { createQueueConnection } from "../../src/platform/redis";
import { createCentre } from "../support/fixtures";
import { ownerDb } from "../support/owner-db";
import { waitFor } from "../support/processes";

const ROOT = join(import.meta.dir, "../..");
const EVENTS = 12;
const running: Subprocess[] = [];
let centreId: string;
let marker: string;

/** The real worker with one slow, counted test handler; job locks of 1 s so a killed worker's job is taken back fast. */
function startSlowWorker(): Subprocess {
  const child = spawn(["bun", join(ROOT, "tests/support/slow-event-worker.ts")], {
    cwd: ROOT,
    env: { ...process.env, QUEUE_LOCK_SECONDS: "1", TEST_EFFECT_SLEEP_SECONDS: "0.3" },
    stdout: "ignore",
    stderr: "inherit",
  });
  running.push(child);
  return child;
}

async function publishBatch(from: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) {
    const payload = { studentId: crypto.randomUUID(), badge: `${marker}-${n}` };
    const { id } = await db
      .transaction()
      .execute((trx) => publishEvent(trx, { type: "badge.earned", centreId, payload }));
    ids.push(id);
  }
  return ids;
}

async function effects(ids: string[]): Promise<{ total: number; distinct: number }> {
  const { rows } = await sql<{ total: string; distinct: string }>`
    select count(*) as total, count(distinct event_id) as distinct
    from test_event_effects where event_id = any(${ids}::bigint[])`.execute(db);
  return { total: Number(rows[0]?.total), distinct: Number(rows[0]?.distinct) };
}

async function handlerMidTransaction(): Promise<boolean> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity
    where state = 'active' and query like '%pg_sleep%' and pid <> pg_backend_pid()`.execute(db);
  return Number(rows[0]?.n) > 0;
}

beforeAll(async () => {
  // A table of the test's own, so the owner role creates it; the worker writes it as the app role.
  const owner = ownerDb();
  await sql`create table if not exists test_event_effects (event_id bigint not null, at timestamptz not null default now())`.execute(
    owner,
  );
  await owner.destroy();
  marker = `kill-${crypto.randomUUID().slice(0, 8)}`;
  centreId = (await createCentre({ label: marker })).id;
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(running.map((child) => child.exited));
});

describe("the event bus survives kill -9 of the worker", () => {
  test("every committed event is handled exactly once in effect, none lost", async () => {
    const first = startSlowWorker();
    const before = await publishBatch(0, EVENTS);
    // Kill while a handler is inside its transaction (between its effect and its commit).
    await waitFor(handlerMidTransaction, 20_000, "a handler in the middle of its job");
    first.kill("SIGKILL");
    await first.exited;
    const doneAtKill = await effects(before);
    expect(doneAtKill.distinct).toBeLessThan(EVENTS);

    // Events committed while no worker runs wait in the outbox.
    const during = await publishBatch(EVENTS, EVENTS);
    const ids = [...before, ...during];
    startSlowWorker();
    await waitFor(async () => (await effects(ids)).distinct === ids.length, 25_000, "every event handled");

    // Let anything still queued or retrying settle before counting.
    const queue = new Queue(QUEUES.events, { connection: createQueueConnection() });
    await waitFor(
      async () => {
        const states = await Promise.all(ids.map(async (id) => (await queue.getJob(eventJobId(id)))?.getState()));
        return states.every((state) => state === "completed");
      },
      15_000,
      "every job completed",
    );
    await queue.close();

    expect(await effects(ids)).toEqual({ total: ids.length, distinct: ids.length });
    const outbox = await db
      .selectFrom("outbox_events")
      .select(["id", "published_at"])
      .where("centre_id", "=", centreId)
      .execute();
    expect(outbox).toHaveLength(ids.length);
    expect(outbox.every((row) => row.published_at !== null)).toBe(true);
    const handled = await db
      .selectFrom("handled_events")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("event_id", "in", ids)
      .where("handler", "=", "test.slow-effect")
      .executeTakeFirstOrThrow();
    expect(Number(handled.n)).toBe(ids.length);
  }, 60_000);
});
