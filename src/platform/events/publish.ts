import { type Compilable, type Kysely, type OperationNodeSource, sql } from "kysely";
import type { Database } from "../db/schema";
import type { EventPayloads, EventType } from "./types";

/** The PostgreSQL channel the drainer listens on; NOTIFY is delivered only when the transaction commits. */
export const OUTBOX_CHANNEL = "outbox";

export interface NewEvent<Type extends EventType> {
  type: Type;
  centreId: string | null;
  payload: EventPayloads[Type];
}

/** Any one event to publish, of whichever type. */
export type AnyNewEvent = { [Type in EventType]: NewEvent<Type> }[EventType];

/**
 * Records a domain event in the outbox, inside the transaction that makes the change: the event
 * exists if and only if the change committed. The worker's drainer is woken on commit and moves
 * it to the events queue.
 */
export async function publishEvent<Type extends EventType>(
  trx: Kysely<Database>,
  event: NewEvent<Type>,
): Promise<{ id: string }> {
  const [published] = await publishEvents(trx, [event as AnyNewEvent]);
  return published as { id: string };
}

/** The events as VALUES rows: bound as text and cast, so the driver does not encode the JSON a second time. */
function eventRows(events: readonly AnyNewEvent[]) {
  return sql.join(
    events.map(
      (event, index) =>
        sql`(${index}::int, ${event.centreId}::uuid, ${event.type}::text, cast(${JSON.stringify(event.payload)}::text as jsonb))`,
    ),
  );
}

/**
 * A change and the events it publishes in one statement: `change` is a data-modifying statement
 * with RETURNING (an insert that may find its key taken), and the events are recorded (with the
 * NOTIFY) only if it returned a row. Returns that row, or undefined when it changed nothing.
 */
export async function publishEventsWith<Row>(
  trx: Kysely<Database>,
  change: Compilable<Row> & OperationNodeSource,
  events: readonly AnyNewEvent[],
): Promise<Row | undefined> {
  if (!trx.isTransaction) throw new Error("publishEvent must run inside the transaction that makes the change");
  const { rows } = await sql<Row>`
    with change as (${change}), inserted as (
      insert into outbox_events (centre_id, type, payload)
      select centre_id, type, payload from (values ${eventRows(events)}) as given (position, centre_id, type, payload)
      where exists (select from change)
      order by position
    )
    select change.* from change, (select pg_notify(${OUTBOX_CHANNEL}, '')) as woken`.execute(trx);
  return rows[0];
}

/**
 * Several events of one change in one statement: the rows (ids in the given order, so the
 * drainer hands them on in that order) and the NOTIFY that wakes the drainer on commit.
 */
export async function publishEvents(trx: Kysely<Database>, events: readonly AnyNewEvent[]): Promise<{ id: string }[]> {
  if (!trx.isTransaction) throw new Error("publishEvent must run inside the transaction that makes the change");
  if (events.length === 0) return [];
  // The ids come from the sequence in row order; ORDER BY position keeps the given order.
  const rows = eventRows(events);
  const { rows: inserted } = await sql<{ id: string }>`
    with inserted as (
      insert into outbox_events (centre_id, type, payload)
      select centre_id, type, payload from (values ${rows}) as given (position, centre_id, type, payload)
      order by position
      returning id
    )
    select inserted.id::text as id from inserted, (select pg_notify(${OUTBOX_CHANNEL}, '')) as woken
    order by inserted.id`.execute(trx);
  return inserted.map((row) => ({ id: row.id }));
}
