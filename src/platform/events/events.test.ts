import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Job, Queue } from "bullmq";
import { sql } from "kysely";
import { createCentre } from "../../../tests/support/fixtures";
import { ownerDb } from "../../../tests/support/owner-db";
import { centreVersionKey, currentCentreContext } from "../centre-context";
import { db } from "../db";
import { listenToQueries, statementsDuring } from "../db/instrumented-dialect";
import { mailJobId, mailRelay } from "../mail/jobs";
import { createQueueConnection, redis } from "../redis";
import { trustedCentreId } from "../tenancy";
import { drainBatch, eventJobId } from "./drainer";
import { EventHandlers, eventHandler, handleOnce, runOnce } from "./handlers";
import { publishEvent, publishEvents } from "./publish";
import type { EventJobData } from "./types";

// A queue of its own, so these tests never feed a real worker's events queue.
const queue = new Queue(`events-unit-${crypto.randomUUID().slice(0, 8)}`, {
  connection: createQueueConnection(),
});
let centreId: string;

beforeAll(async () => {
  centreId = (await createCentre({ label: "events" })).id;
});

// And one standing for the mail queue, for the relay.
const mailQueue = new Queue(`mail-unit-${crypto.randomUUID().slice(0, 8)}`, {
  connection: createQueueConnection(),
});

afterAll(async () => {
  for (const each of [queue, mailQueue]) {
    await each.obliterate({ force: true });
    await each.close();
  }
});

async function outboxRowsWith(marker: string) {
  return db
    .selectFrom("outbox_events")
    .select(["id", "published_at"])
    .where(sql<boolean>`payload->>'badge' = ${marker}`)
    .execute();
}

function badgeEvent(marker: string) {
  return { type: "badge.earned" as const, centreId, payload: { studentId: crypto.randomUUID(), badge: marker } };
}

describe("publishEvent", () => {
  test("inside a rolled-back transaction publishes nothing", async () => {
    const marker = `rolled-back-${crypto.randomUUID()}`;
    await db
      .transaction()
      .execute(async (trx) => {
        await publishEvent(trx, badgeEvent(marker));
        throw new Error("the domain write failed");
      })
      .catch(() => undefined);
    expect(await outboxRowsWith(marker)).toHaveLength(0);
    while ((await drainBatch(queue)) > 0) {}
    const jobs = await queue.getJobs(["waiting"]);
    expect(jobs.filter((job) => JSON.stringify(job.data).includes(marker))).toHaveLength(0);
  });

  test("refuses to run outside a transaction", async () => {
    expect(publishEvent(db, badgeEvent("no-trx"))).rejects.toThrow("inside the transaction");
  });

  test("a committed event is drained to the queue once, even when drained again after a crash", async () => {
    const marker = `committed-${crypto.randomUUID()}`;
    const { id } = await db.transaction().execute((trx) => publishEvent(trx, badgeEvent(marker)));
    while ((await drainBatch(queue)) > 0) {}
    const [row] = await outboxRowsWith(marker);
    expect(row?.published_at).not.toBeNull();
    const job = await queue.getJob(eventJobId(id));
    const data = job?.data as EventJobData | undefined;
    expect(data?.payload).toMatchObject({ badge: marker });
    expect(data?.centreId).toBe(centreId);

    // A worker that died after enqueueing but before marking the row: the row is drained again.
    await sql`update outbox_events set published_at = null where id = ${id}`.execute(db);
    const before = await queue.getJobCountByTypes("waiting");
    while ((await drainBatch(queue)) > 0) {}
    expect(await queue.getJobCountByTypes("waiting")).toBe(before);
    expect((await outboxRowsWith(marker))[0]?.published_at).not.toBeNull();
  });
});

describe("drainBatch", () => {
  test("takes and marks a batch in one statement: BEGIN, UPDATE … RETURNING, COMMIT", async () => {
    while ((await drainBatch(queue)) > 0) {}
    const marker = `one-statement-${crypto.randomUUID()}`;
    const { id } = await db.transaction().execute((trx) => publishEvent(trx, badgeEvent(marker)));
    const seen: string[] = [];
    const stop = listenToQueries((event) => {
      seen.push(event.query.sql.trim().split(/\s+/)[0]!.toLowerCase());
    });
    try {
      expect(await drainBatch(queue)).toBe(1);
    } finally {
      stop();
    }
    expect(seen).toEqual(["begin", "update", "commit"]);
    expect(await queue.getJob(eventJobId(id))).toBeDefined();
    expect((await outboxRowsWith(marker))[0]?.published_at).not.toBeNull();
  });

  test("when the jobs cannot be added, the rows stay unpublished and the next drain takes them", async () => {
    while ((await drainBatch(queue)) > 0) {}
    const marker = `add-fails-${crypto.randomUUID()}`;
    const { id } = await db.transaction().execute((trx) => publishEvent(trx, badgeEvent(marker)));
    const addBulk = queue.addBulk.bind(queue);
    queue.addBulk = (async () => {
      throw new Error("Redis is down");
    }) as typeof queue.addBulk;
    try {
      await expect(drainBatch(queue)).rejects.toThrow("Redis is down");
    } finally {
      queue.addBulk = addBulk;
    }
    expect((await outboxRowsWith(marker))[0]?.published_at).toBeNull();
    while ((await drainBatch(queue)) > 0) {}
    expect((await outboxRowsWith(marker))[0]?.published_at).not.toBeNull();
    expect(await queue.getJob(eventJobId(id))).toBeDefined();
  });
});

describe("publishEvents", () => {
  test("several events of one change: one statement, ids in the order given, drained in that order", async () => {
    const markers = [1, 2, 3].map((n) => `batch-${n}-${crypto.randomUUID()}`);
    let ids: { id: string }[] = [];
    const statements = await statementsDuring(() =>
      db.transaction().execute(async (trx) => {
        ids = await publishEvents(trx, markers.map(badgeEvent));
      }),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain("pg_notify");
    expect(ids.map((row) => BigInt(row.id))).toEqual(ids.map((row) => BigInt(row.id)).sort((a, b) => (a < b ? -1 : 1)));
    for (const [index, marker] of markers.entries()) {
      expect((await outboxRowsWith(marker))[0]?.id).toBe(ids[index]!.id);
    }
    while ((await drainBatch(queue)) > 0) {}
    const jobs = await Promise.all(ids.map((row) => queue.getJob(eventJobId(row.id))));
    expect(jobs.map((job) => (job?.data as EventJobData | undefined)?.payload)).toMatchObject(
      markers.map((badge) => ({ badge })),
    );
  });

  test("ids across a digit boundary come back in number order, not text order", async () => {
    // Move the outbox's sequence to just below the next power of ten (the database is throwaway).
    const owner = ownerDb();
    try {
      const { rows } = await sql<{ last: string }>`
        select coalesce(max(id), 1)::text as last from outbox_events`.execute(owner);
      const below = 10n ** BigInt(rows[0]!.last.length + 1) - 2n;
      await sql`select setval(pg_get_serial_sequence('outbox_events', 'id'), ${below.toString()}::bigint)`.execute(
        owner,
      );
    } finally {
      await owner.destroy();
    }
    const markers = [1, 2, 3].map((n) => `boundary-${n}-${crypto.randomUUID()}`);
    const ids = await db.transaction().execute((trx) => publishEvents(trx, markers.map(badgeEvent)));
    const numbers = ids.map((row) => BigInt(row.id));
    expect(numbers[1]! - numbers[0]!).toBe(1n);
    expect(numbers[2]! - numbers[1]!).toBe(1n);
    expect(ids[2]!.id.length).toBe(ids[0]!.id.length + 1);
    for (const [index, marker] of markers.entries()) {
      expect((await outboxRowsWith(marker))[0]?.id).toBe(ids[index]!.id);
    }
  });

  test("a single event is one statement too, and nothing is published for none", async () => {
    const statements = await statementsDuring(() =>
      db.transaction().execute(async (trx) => {
        await publishEvent(trx, badgeEvent(`single-${crypto.randomUUID()}`));
        expect(await publishEvents(trx, [])).toEqual([]);
      }),
    );
    expect(statements).toHaveLength(1);
  });
});

describe("handlers", () => {
  test("handleOnce does the work once, however often and however concurrently it runs", async () => {
    const eventId = String(9_000_000_000 + Math.floor(Math.random() * 1_000_000));
    let runs = 0;
    const work = async () => {
      runs++;
      await Bun.sleep(20);
    };
    const results = await Promise.all([1, 2, 3].map(() => runOnce(eventId, "unit.once", work)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await runOnce(eventId, "unit.once", work)).toBe(false);
  });

  test("handleOnce's record rolls back with a failed effect", async () => {
    const eventId = String(8_000_000_000 + Math.floor(Math.random() * 1_000_000));
    const failing = db.transaction().execute((trx) =>
      handleOnce(trx, eventId, "unit.rollback", async () => {
        throw new Error("effect failed");
      }),
    );
    expect(failing).rejects.toThrow("effect failed");
    await failing.catch(() => undefined);
    expect(await runOnce(eventId, "unit.rollback", async () => {})).toBe(true);
  });

  test("a retried job runs only the handlers that have not done their effect", async () => {
    const calls: string[] = [];
    let flaky = 0;
    const handlers = new EventHandlers([
      eventHandler("export.requested", "unit.steady", async () => {
        calls.push("steady");
      }),
      eventHandler("export.requested", "unit.flaky", async () => {
        calls.push("flaky");
        if (flaky++ === 0) throw new Error("first attempt fails");
      }),
    ]);
    const eventId = String(7_000_000_000 + Math.floor(Math.random() * 1_000_000));
    const job = {
      data: { eventId, type: "export.requested", centreId, payload: {}, createdAt: new Date().toISOString() },
    } as Job<EventJobData>;
    expect(handlers.process(job)).rejects.toThrow("unit.flaky failed");
    await handlers.process(job).catch(() => undefined);
    expect(calls).toEqual(["steady", "flaky", "flaky"]);
    expect((await handlers.process(job)).ran).toEqual([]);
  });

  test("one statement records the handlers done outside handleOnce; none is written twice", async () => {
    const eventId = String(6_000_000_000 + Math.floor(Math.random() * 1_000_000));
    let effects = 0;
    const handlers = new EventHandlers([
      // Records itself through handleOnce under its own name: process must not write it again.
      eventHandler("export.requested", "unit.own-record", async (event) => {
        await runOnce(event.id, "unit.own-record", async () => {
          effects++;
        });
      }),
      // Records per recipient under other names: process records the handler itself.
      eventHandler("export.requested", "unit.per-recipient", async (event) => {
        for (const who of ["a", "b"]) {
          await runOnce(event.id, `unit.per-recipient:${who}`, async () => {
            effects++;
          });
        }
      }),
      eventHandler("export.requested", "unit.outside", async () => {
        effects++;
      }),
    ]);
    const job = {
      data: { eventId, type: "export.requested", centreId, payload: {}, createdAt: new Date().toISOString() },
    } as Job<EventJobData>;
    const statements = await statementsDuring(() => handlers.process(job));
    const recordsOfProcess = statements.filter((text) => /insert into "?handled_events/.test(text));
    // handleOnce's three claims, and one insert of process's own for the two handlers left.
    expect(recordsOfProcess).toHaveLength(4);
    const rows = await db
      .selectFrom("handled_events")
      .select("handler")
      .where("event_id", "=", eventId)
      .orderBy("handler")
      .execute();
    expect(rows.map((row) => row.handler)).toEqual([
      "unit.outside",
      "unit.own-record",
      "unit.per-recipient",
      "unit.per-recipient:a",
      "unit.per-recipient:b",
    ]);
    expect(effects).toBe(4);
    // Run again (a duplicated or retried job): nothing runs, nothing is written.
    const again = await statementsDuring(async () => expect((await handlers.process(job)).ran).toEqual([]));
    expect(again).toHaveLength(1);
    expect(effects).toBe(4);
  });

  test("a job on its first run skips the read of handled_events; a retried or stalled one reads it", async () => {
    const eventId = String(5_000_000_000 + Math.floor(Math.random() * 1_000_000));
    let runs = 0;
    const handlers = new EventHandlers([
      eventHandler("export.requested", "unit.first-run", async (event) => {
        await runOnce(event.id, "unit.first-run", async () => {
          runs++;
        });
      }),
    ]);
    const data = {
      eventId,
      type: "export.requested" as const,
      centreId,
      payload: {},
      createdAt: new Date().toISOString(),
    };
    const first = { data, attemptsStarted: 1, attemptsMade: 0, stalledCounter: 0 } as Job<EventJobData>;
    const reads = (statements: string[]) => statements.filter((text) => /^select [\s\S]*"handled_events"/.test(text));
    expect(reads(await statementsDuring(() => handlers.process(first)))).toHaveLength(0);
    // Run again as a first run (an event enqueued anew): handleOnce still does the effect once.
    await handlers.process(first);
    expect(runs).toBe(1);
    for (const again of [
      { data, attemptsStarted: 2, attemptsMade: 1, stalledCounter: 0 },
      { data, attemptsStarted: 2, attemptsMade: 0, stalledCounter: 1 },
    ] as Job<EventJobData>[]) {
      const statements = await statementsDuring(async () => expect((await handlers.process(again)).ran).toEqual([]));
      expect(reads(statements)).toHaveLength(1);
    }
    expect(runs).toBe(1);
  });
});

describe("handlers' own records", () => {
  const firstRunOf = (eventId: string) =>
    ({
      data: { eventId, type: "export.requested", centreId, payload: {}, createdAt: new Date().toISOString() },
      attemptsStarted: 1,
      attemptsMade: 0,
      stalledCounter: 0,
    }) as Job<EventJobData>;
  const recordsOf = async (eventId: string) =>
    (
      await db
        .selectFrom("handled_events")
        .select("handler")
        .where("event_id", "=", eventId)
        .orderBy("handler")
        .execute()
    ).map((row) => row.handler);

  test("first runs that succeed are recorded a moment later, many events in one statement", async () => {
    const eventIds = [1, 2, 3].map(() => String(4_000_000_000 + Math.floor(Math.random() * 1_000_000)));
    let effects = 0;
    const handlers = new EventHandlers([
      eventHandler("export.requested", "unit.quiet-a", async () => {
        effects++;
      }),
      eventHandler("export.requested", "unit.quiet-b", async () => {
        effects++;
      }),
    ]);
    const statements = await statementsDuring(async () => {
      for (const eventId of eventIds) await handlers.process(firstRunOf(eventId));
    });
    expect(statements).toEqual([]);
    expect(effects).toBe(6);
    const written = await statementsDuring(() => handlers.flushRecords());
    expect(written).toHaveLength(1);
    for (const eventId of eventIds) expect(await recordsOf(eventId)).toEqual(["unit.quiet-a", "unit.quiet-b"]);
    // Nothing waits any more.
    expect(await statementsDuring(() => handlers.flushRecords())).toEqual([]);
  });

  test("unless written by hand, they are written after a short wait", async () => {
    const eventId = String(4_100_000_000 + Math.floor(Math.random() * 1_000_000));
    const handlers = new EventHandlers([eventHandler("export.requested", "unit.timed", async () => {})]);
    await handlers.process(firstRunOf(eventId));
    const deadline = Date.now() + 3000;
    while ((await recordsOf(eventId)).length === 0 && Date.now() < deadline) await Bun.sleep(50);
    expect(await recordsOf(eventId)).toEqual(["unit.timed"]);
  });

  test("a first run with a failure records those that returned; the retry runs only the failed one, then records it", async () => {
    const eventId = String(3_000_000_000 + Math.floor(Math.random() * 1_000_000));
    const calls: string[] = [];
    let flaky = 0;
    const handlers = new EventHandlers([
      eventHandler("export.requested", "unit.steady", async () => {
        calls.push("steady");
      }),
      eventHandler("export.requested", "unit.flaky", async () => {
        calls.push("flaky");
        if (flaky++ === 0) throw new Error("first attempt fails");
      }),
    ]);
    const first = firstRunOf(eventId);
    await expect(handlers.process(first)).rejects.toThrow("unit.flaky failed");
    expect(await recordsOf(eventId)).toEqual(["unit.steady"]);
    const retry = { ...first, attemptsStarted: 2, attemptsMade: 1 } as Job<EventJobData>;
    expect((await handlers.process(retry)).ran).toEqual(["unit.flaky"]);
    expect(await recordsOf(eventId)).toEqual(["unit.flaky", "unit.steady"]);
    // A stalled copy of the retry: nothing runs again.
    expect((await handlers.process({ ...retry, stalledCounter: 1 } as Job<EventJobData>)).ran).toEqual([]);
    expect(calls).toEqual(["steady", "flaky", "flaky"]);
  });
});

describe("the centre in an event's handlers", () => {
  test("its version is read once for all the handlers of an event, and afresh for the next event", async () => {
    const centre = trustedCentreId(centreId);
    const versionGets: string[] = [];
    const get = redis.get.bind(redis);
    redis.get = ((key: string) => {
      if (key === centreVersionKey(centreId)) versionGets.push(key);
      return get(key);
    }) as typeof redis.get;
    const seen: (string | undefined)[] = [];
    const useCentre = async () => {
      const [one, two] = await Promise.all([currentCentreContext(centre), currentCentreContext(centre)]);
      seen.push(one?.name, two?.name);
    };
    const handlers = new EventHandlers([
      eventHandler("export.requested", "unit.centre-a", useCentre),
      eventHandler("export.requested", "unit.centre-b", useCentre),
    ]);
    const job = (eventId: string) =>
      ({
        data: { eventId, type: "export.requested", centreId, payload: {}, createdAt: new Date().toISOString() },
        attemptsStarted: 1,
        attemptsMade: 0,
        stalledCounter: 0,
      }) as Job<EventJobData>;
    try {
      await handlers.process(job(String(2_000_000_000 + Math.floor(Math.random() * 1_000_000))));
      expect(versionGets).toHaveLength(1);
      await handlers.process(job(String(2_100_000_000 + Math.floor(Math.random() * 1_000_000))));
      expect(versionGets).toHaveLength(2);
      // Outside an event: one GET per use, as before.
      await currentCentreContext(centre);
      expect(versionGets).toHaveLength(3);
    } finally {
      redis.get = get;
    }
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBeString();
  });
});

describe("relays", () => {
  test("mail.queued goes straight to the mail queue as its send job, once however often it is drained", async () => {
    const mailId = crypto.randomUUID();
    const { id } = await db
      .transaction()
      .execute((trx) => publishEvent(trx, { type: "mail.queued", centreId, payload: { mailId } }));
    const relays = [mailRelay(mailQueue)];
    while ((await drainBatch(queue, relays)) > 0) {}
    const job = await mailQueue.getJob(mailJobId(mailId));
    expect(job?.name).toBe("send");
    expect(job?.data).toEqual({ mailId, centreId });
    expect(job?.opts.attempts).toBe(12);
    // No events job in between.
    expect(await queue.getJob(eventJobId(id))).toBeUndefined();
    // A drainer that died after handing it over: drained again, still one job.
    await sql`update outbox_events set published_at = null where id = ${id}`.execute(db);
    const before = await mailQueue.getJobCountByTypes("waiting", "delayed", "prioritized");
    while ((await drainBatch(queue, relays)) > 0) {}
    expect(await mailQueue.getJobCountByTypes("waiting", "delayed", "prioritized")).toBe(before);
    const [row] = await db.selectFrom("outbox_events").select("published_at").where("id", "=", id).execute();
    expect(row?.published_at).not.toBeNull();
  });
});
