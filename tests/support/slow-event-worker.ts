/**
 * The real worker (src/worker.ts) plus one slow test handler whose effect is a row in
 * test_event_effects, written through runOnce and held open by pg_sleep: killing the process
 * while it sleeps leaves the transaction uncommitted, as a crash in a real handler would.
 */
import { sql } from "kysely";
import { eventHandler, runOnce } from "../../src/platform/events";
import { startWorkerProcess } from "../../src/worker";

export const SLOW_HANDLER = "test.slow-effect";
const SLEEP_SECONDS = Number(process.env.TEST_EFFECT_SLEEP_SECONDS ?? "0.3");

const slowEffect = eventHandler("badge.earned", SLOW_HANDLER, async (event) => {
  await runOnce(event.id, SLOW_HANDLER, async (trx) => {
    await sql`insert into test_event_effects (event_id) values (${event.id})`.execute(trx);
    await sql`select pg_sleep(${SLEEP_SECONDS})`.execute(trx);
  });
});

await startWorkerProcess([slowEffect]);
