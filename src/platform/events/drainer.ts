import type { JobsOptions, Queue } from "bullmq";
import { sql } from "kysely";
import { config } from "../../config";
import { connectPostgres, db } from "../db";
import { log } from "../log";
import { awaitReplication } from "../redis";
import { OUTBOX_CHANNEL } from "./publish";
import type { EventJobData, EventType } from "./types";

const BATCH = 200;
/** NOTIFY wakes the drainer at once; the poll only covers a dropped LISTEN connection. */
const POLL_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const KEEP_PUBLISHED_DAYS = 7;
/** Longer than any failed job is likely to wait for a manual retry, so a retry still skips done work. */
const KEEP_HANDLED_DAYS = 90;
const PRUNE_BATCH = 10_000;

interface OutboxRow {
  id: string;
  centre_id: string | null;
  type: string;
  payload: unknown;
  created_at: Date;
}

/**
 * An event type whose only handling is a job on another queue (mail.queued: the mail queue's
 * send job): the drainer adds that job itself instead of an events job that would only add it,
 * saving a job, its Redis round trips and its handled_events row per event. The relayed job's id
 * must be deterministic, so an event handed over twice (crash before marking it) is one job.
 */
export interface EventRelay {
  type: EventType;
  queue: Queue;
  job: (event: EventJobData) => { name: string; data: unknown; opts: JobsOptions & { jobId: string } };
}

/** The job id BullMQ dedupes on: an event enqueued twice (crash before marking it) runs once. */
export function eventJobId(eventId: string): string {
  return `event-${eventId}`;
}

/**
 * Moves one batch of unpublished events to the queue, marking them published in the statement
 * that takes them: their row locks are held, and the mark seen by no one else, until the commit,
 * which comes only after the jobs are in Redis (and on a replica). SKIP LOCKED lets several
 * workers drain side by side without taking the same rows; if adding the jobs fails, the
 * rollback leaves the rows unpublished; a crash after enqueueing leaves them unpublished too, and
 * the next drain enqueues them again under the same job ids, which BullMQ ignores.
 */
export async function drainBatch(queue: Queue, relays: readonly EventRelay[] = []): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<OutboxRow>`
      update outbox_events set published_at = now()
      where id in (
        select id from outbox_events
        where published_at is null
        order by id
        limit ${BATCH}
        for update skip locked)
      returning id::text as id, centre_id, type, payload, created_at`.execute(trx);
    if (rows.length === 0) return 0;
    // RETURNING keeps no order: jobs go in the outbox's (bigint) order.
    rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const events: EventJobData[] = rows.map((row) => ({
      eventId: row.id,
      type: row.type as EventType,
      centreId: row.centre_id,
      payload: row.payload,
      createdAt: row.created_at.toISOString(),
    }));
    const relayed = new Map<EventRelay, EventJobData[]>();
    const toEvents: EventJobData[] = [];
    for (const event of events) {
      const relay = relays.find((candidate) => candidate.type === event.type);
      if (!relay) toEvents.push(event);
      else if (relayed.has(relay)) relayed.get(relay)?.push(event);
      else relayed.set(relay, [event]);
    }
    if (toEvents.length > 0)
      await queue.addBulk(
        toEvents.map((data) => ({ name: data.type, data, opts: { jobId: eventJobId(data.eventId) } })),
      );
    for (const [relay, list] of relayed) await relay.queue.addBulk(list.map((event) => relay.job(event)));
    // Committed (published) only once a replica holds the jobs too: a Redis failover cannot lose them.
    await awaitReplication();
    return rows.length;
  });
}

/** Published events and old exactly-once records are kept for a while for inspection, then removed. */
export async function pruneOutbox(): Promise<void> {
  await sql`delete from outbox_events where id in (
      select id from outbox_events
      where published_at < now() - make_interval(days => ${KEEP_PUBLISHED_DAYS})
      limit ${PRUNE_BATCH})`.execute(db);
  await sql`delete from handled_events where (event_id, handler) in (
      select event_id, handler from handled_events
      where handled_at < now() - make_interval(days => ${KEEP_HANDLED_DAYS})
      limit ${PRUNE_BATCH})`.execute(db);
}

export interface OutboxDrainer {
  /** Drains until nothing is left (or another call is already draining, which then goes round again). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Runs in every worker process: wakes on NOTIFY outbox (sent on commit by publishEvent) and on a slow poll. */
export async function startOutboxDrainer(queue: Queue, relays: readonly EventRelay[] = []): Promise<OutboxDrainer> {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function loop(): Promise<void> {
    do {
      again = false;
      while (!stopped && (await drainBatch(queue, relays)) === BATCH) {}
    } while (again && !stopped);
  }

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop()
      .catch((error) => log.error({ err: error }, "outbox drain failed; the next wake-up retries"))
      .finally(() => {
        running = null;
      });
    return running;
  }

  const listener = connectPostgres(config.DATABASE_URL, { max: 1, onnotice: () => {} });
  // onlisten runs on every (re)connect: whatever was committed while we were not listening is drained then.
  await listener.listen(
    OUTBOX_CHANNEL,
    () => void drain(),
    () => void drain(),
  );
  const poll = setInterval(() => void drain(), POLL_MS);
  const prune = setInterval(
    () => void pruneOutbox().catch((error) => log.warn({ err: error }, "outbox prune failed")),
    PRUNE_EVERY_MS,
  );

  return {
    drain,
    async close() {
      stopped = true;
      clearInterval(poll);
      clearInterval(prune);
      await running;
      await listener.end({ timeout: 2 });
    },
  };
}
