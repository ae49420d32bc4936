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

/**
 * Records a domain event in the outbox, inside the transaction that makes the change: the event
 * exists if and only if the change committed. The worker's drainer is woken on commit and moves
 * it to the events queue.
 */
export async function publishEvent<Type extends EventType>(
  trx: Kysely<Database>,
  event: NewEvent<Type>,
): Promise<{ id: string }> {
  if (!trx.isTransaction) throw new Error("publishEvent must run inside the transaction that makes the change");
  const row = await trx
    .insertInto("outbox_events")
    .values({
      centre_id: event.centreId,
      type: event.type,
      // Bound as text and cast, so the driver does not encode the JSON a second time.
      payload: sql<string>`cast(${JSON.stringify(event.payload)}::text as jsonb)`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(trx);
  return { id: String(row.id) };
}
