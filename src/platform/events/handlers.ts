import { AsyncLocalStorage } from "node:async_hooks";
import type { Job } from "bullmq";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { withCentreVersionsOnce } from "../centre-context";
import { db } from "../db";
import type { Database } from "../db/schema";
import { log } from "../log";
import type { DomainEvent, EventJobData, EventType } from "./types";

export type EventHandler<Type extends EventType> = (event: DomainEvent<Type>) => Promise<void>;

/** One handler of one event type, as a value: modules export lists of these, the worker lists the modules. */
export interface EventHandlerEntry {
  type: EventType;
  name: string;
  handle: (event: DomainEvent) => Promise<void>;
}

/**
 * A handler for one event type. The name is stored in handled_events, so it must stay stable
 * across releases (e.g. "notifications.submission-marked"). Handlers run in the worker's events
 * queue with retries; each one must be idempotent: do database effects through handleOnce, and
 * make any other effect safe to repeat.
 */
export function eventHandler<Type extends EventType>(
  type: Type,
  name: string,
  handle: EventHandler<Type>,
): EventHandlerEntry {
  return { type, name, handle: handle as (event: DomainEvent) => Promise<void> };
}

/**
 * Runs `work` once per (event, handler): the handled_events row is written in the same
 * transaction as the work, so the effect and its record commit together or not at all. A retry
 * (or a second worker running a stalled job) finds the row and skips. Returns whether the work ran.
 */
export async function handleOnce(
  trx: Kysely<Database>,
  eventId: string,
  handlerName: string,
  work: (trx: Kysely<Database>) => Promise<void>,
): Promise<boolean> {
  if (!trx.isTransaction) throw new Error("handleOnce must run inside the handler's transaction");
  noteRecorded(eventId, handlerName);
  const claimed = await trx
    .insertInto("handled_events")
    .values({ event_id: eventId, handler: handlerName })
    .onConflict((conflict) => conflict.columns(["event_id", "handler"]).doNothing())
    .returning("event_id")
    .executeTakeFirst();
  if (!claimed) return false;
  await work(trx);
  return true;
}

/**
 * handleOnce's claim as SQL, for an effect that is one statement: put it first in the effect's
 * statement (`with claimed as (…)`) and write the effect's rows only `where exists (select from
 * claimed)`. One statement commits the record and the effect together, or neither, with no
 * transaction around them; concurrent claims wait on the key as handleOnce's insert does, and
 * the one that finds it taken writes nothing.
 */
export function onceClaim(eventId: string, handlerName: string): RawBuilder<{ event_id: string }> {
  noteRecorded(eventId, handlerName);
  return sql`insert into handled_events (event_id, handler) values (${eventId}, ${handlerName})
    on conflict (event_id, handler) do nothing returning event_id`;
}

/** handleOnce in a transaction of its own. */
export function runOnce(
  eventId: string,
  handlerName: string,
  work: (trx: Kysely<Database>) => Promise<void>,
): Promise<boolean> {
  return db.transaction().execute((trx) => handleOnce(trx, eventId, handlerName, work));
}

/**
 * The handler EventHandlers.process is running: when it goes through handleOnce under its own
 * name, its handled_events row is written (or found) there, and process writes no second one.
 */
const runningHandler = new AsyncLocalStorage<{ eventId: string; name: string; recorded: boolean }>();

/**
 * Either way (claimed now or found), a row for this pair is written by the claim or already
 * there: EventHandlers.process need not write the same row again.
 */
function noteRecorded(eventId: string, handlerName: string): void {
  const running = runningHandler.getStore();
  if (running?.eventId === eventId && running.name === handlerName) running.recorded = true;
}

async function alreadyHandled(eventId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("handled_events").select("handler").where("event_id", "=", eventId).execute();
  return new Set(rows.map((row) => row.handler));
}

/**
 * Marks handlers done after they returned, for handlers whose effects live outside the database
 * (or are recorded under other names, e.g. one per recipient): one statement for all of an
 * event's handlers (or, for first runs that succeeded, of many events: HandledLater). A crash
 * before it only makes a retry run them again, which every handler must bear anyway.
 */
async function markHandled(rows: readonly { event_id: string; handler: string }[]): Promise<void> {
  if (rows.length === 0) return;
  // Arrays, not a VALUES row per record: one statement text (one prepared statement) for any count.
  await sql`
    insert into handled_events (event_id, handler)
    select * from unnest(${rows.map((row) => row.event_id)}::bigint[], ${rows.map((row) => row.handler)}::text[])
    on conflict (event_id, handler) do nothing`.execute(db);
}

const recordsOf = (eventId: string, handlerNames: readonly string[]) =>
  handlerNames.map((handler) => ({ event_id: eventId, handler }));

/** How long a first run's records wait to be written with others: the drills wait up to 30 s. */
const RECORD_AFTER_MS = 200;
/** Records kept for the next try when PostgreSQL refused them (a failover); past this, dropped. */
const RECORDS_KEPT = 10_000;

/**
 * The records of first runs that succeeded, written together: one insert per RECORD_AFTER_MS
 * instead of one per event. Their job completes, so nothing runs the event again but a stalled
 * duplicate, which runs the handlers again whether or not the record was written; the records are
 * for the operator and the drills (no event lost), who look after the fact.
 */
class HandledLater {
  private pending: { event_id: string; handler: string }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  add(eventId: string, handlerNames: readonly string[]): void {
    if (handlerNames.length === 0) return;
    this.pending.push(...recordsOf(eventId, handlerNames));
    this.timer ??= setTimeout(() => void this.flush(), RECORD_AFTER_MS);
  }

  /** Writes what waits, after any write still under way. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.write(this.pending.splice(0)));
    return this.writing;
  }

  private async write(rows: { event_id: string; handler: string }[]): Promise<void> {
    try {
      await markHandled(rows);
    } catch (error) {
      log.warn({ err: error, records: rows.length }, "handled_events records not written; tried again later");
      this.pending.unshift(...rows.slice(0, Math.max(0, RECORDS_KEPT - this.pending.length)));
      this.timer ??= setTimeout(() => void this.flush(), RECORD_AFTER_MS);
    }
  }
}

/**
 * A job on its first run, neither retried nor stalled: no handler of it can have recorded
 * anything yet, so the read of handled_events is skipped. (The one other way to meet an event
 * again, enqueued anew after its finished job was removed, is what every handler must bear
 * anyway: database effects through handleOnce, the rest safe to repeat.)
 */
function isFirstRun(job: Job<EventJobData>): boolean {
  return job.attemptsStarted === 1 && job.attemptsMade === 0 && job.stalledCounter === 0;
}

function toEvent(data: EventJobData): DomainEvent {
  return {
    id: data.eventId,
    type: data.type,
    centreId: data.centreId,
    payload: data.payload,
    createdAt: data.createdAt,
  } as DomainEvent;
}

/** The handlers the worker runs, by event type; built once from the modules' lists. */
export class EventHandlers {
  private readonly byType = new Map<EventType, EventHandlerEntry[]>();
  private readonly later = new HandledLater();

  constructor(entries: readonly EventHandlerEntry[]) {
    for (const entry of entries) {
      const list = this.byType.get(entry.type) ?? [];
      if (list.some((other) => other.name === entry.name)) {
        throw new Error(`Event handler ${entry.name} is listed twice for ${entry.type}`);
      }
      list.push(entry);
      this.byType.set(entry.type, list);
    }
  }

  namesFor(type: EventType): readonly string[] {
    return (this.byType.get(type) ?? []).map((entry) => entry.name);
  }

  /**
   * Runs every handler of the event that has not done its effect yet. One failing handler does
   * not stop the others; the job fails afterwards so BullMQ retries it, and the retry runs only
   * the handlers still missing from handled_events. Those that returned are recorded at once
   * when the job will be or has been run again (one failed; a retried or stalled run); a first
   * run that succeeds is recorded a moment later with other events' (HandledLater).
   */
  async process(job: Job<EventJobData>): Promise<{ ran: string[] }> {
    const event = toEvent(job.data);
    const firstRun = isFirstRun(job);
    const done = firstRun ? new Set<string>() : await alreadyHandled(event.id);
    // The event's handlers share one read of its centre's version (else a GET for each use).
    const { ran, toMark, failures } = await withCentreVersionsOnce(() => this.runEach(event, done));
    if (failures.length > 0 || !firstRun) await markHandled(recordsOf(event.id, toMark));
    else this.later.add(event.id, toMark);
    if (failures.length > 0) {
      const names = failures.map((failure) => failure.name).join(", ");
      throw new AggregateError(
        failures.map((failure) => failure.error),
        `Event ${event.id} (${event.type}): ${names} failed`,
      );
    }
    return { ran };
  }

  /** Writes the records still waiting (the worker's close; tests). */
  flushRecords(): Promise<void> {
    return this.later.flush();
  }

  /** Each handler not done yet, in turn; one failing does not stop the others. */
  private async runEach(event: DomainEvent, done: ReadonlySet<string>) {
    const ran: string[] = [];
    const toMark: string[] = [];
    const failures: { name: string; error: unknown }[] = [];
    for (const handler of this.byType.get(event.type) ?? []) {
      if (done.has(handler.name)) continue;
      const running = { eventId: event.id, name: handler.name, recorded: false };
      try {
        await runningHandler.run(running, () => handler.handle(event));
        if (!running.recorded) toMark.push(handler.name);
        ran.push(handler.name);
      } catch (error) {
        log.warn({ eventId: event.id, type: event.type, handler: handler.name, err: error }, "event handler failed");
        failures.push({ name: handler.name, error });
      }
    }
    return { ran, toMark, failures };
  }
}
