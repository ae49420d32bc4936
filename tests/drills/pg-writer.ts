/**
 * The promotion drill's writer, in a process of its own: a steady stream of inserts through the
 * app's pool (createDb) on the multi-host address, one line per attempt on stdout:
 *   ok|fail <id> <started epoch ms> <duration ms>
 * An insert still unsettled after STUCK_MS is reported as a failure that long, and the writer
 * exits (the drill restarts it): the drill's "no stuck request" check sees it instead of hanging.
 * A process of its own because postgres.js on Bun can throw inside its connection code during a
 * failover (docs/scaling.md §5), which would otherwise fail the drill's test process itself; the
 * drill restarts a writer that dies, as systemd restarts a web process, and counts it.
 * Usage: bun tests/drills/pg-writer.ts URL FIRST_ID
 */
import { sql } from "kysely";
import { createDb } from "../../src/platform/db";

const [url, first] = process.argv.slice(2);
if (!url || !first) throw new Error("usage: bun tests/drills/pg-writer.ts URL FIRST_ID");
const db = createDb(url, 4);
// Stopped at once, even with an insert in flight: only the lines already written count, and an
// insert that never settles (a connection left broken by the failover) must not keep it alive.
process.on("SIGTERM", () => process.exit(0));

const STUCK_MS = 20_000;
let id = Number(first);
for (;;) {
  const started = Date.now();
  const ok = await Promise.race([
    sql`insert into drill_writes (id) values (${id})`
      .execute(db)
      .then(() => true)
      .catch(() => false),
    Bun.sleep(STUCK_MS).then(() => null),
  ]);
  process.stdout.write(`${ok ? "ok" : "fail"} ${id} ${started} ${Date.now() - started}\n`);
  if (ok === null) process.exit(3);
  id++;
  await Bun.sleep(ok ? 20 : 200);
}
