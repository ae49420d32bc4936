import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";
import type { EventPayloads, EventType } from "./types";

/** The PostgreSQL channel the drainer listens on; NOTIFY is delivered only when the transaction commits. */
export const OUTBOX_CHANNEL = "outbox";

export interface NewEvent<Type extends EventType> {
  type: Type;
  centreId: string | null;
  payload: EventPayloads[Type];
}

type AnyNewEvent = { [Type in EventType]: NewEvent<Type> }[EventType];

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

/**
 * Several events of one change in one statement: the rows (ids in the given order, so the
 * drainer hands them on in that order) and the NOTIFY that wakes the drainer on commit.
 */
export async function publishEvents(trx: Kysely<Database>, events: readonly AnyNewEvent[]): Promise<{ id: string }[]> {
  if (!trx.isTransaction) throw new Error("publishEvent must run inside the transaction that makes the change");
  if (events.length === 0) return [];
  // Bound as text and cast, so the driver does not encode the JSON a second time. The ids come
  // from the sequence in row order; WITH ORDINALITY keeps the given order.
  const rows = sql.join(
    events.map(
      (event, index) =>
        sql`(${index}::int, ${event.centreId}::uuid, ${event.type}::text, cast(${JSON.stringify(event.payload)}::text as jsonb))`,
    ),
  );
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
