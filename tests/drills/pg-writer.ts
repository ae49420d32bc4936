/**
 * The promotion drill's writer, in a process of its own: a steady stream of inserts through the
 * app's pool (createDb) on the multi-host address, one line per attempt on stdout:
 *   ok|fail <id> <started epoch ms> <duration ms>
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
let running = true;
process.on("SIGTERM", () => {
  running = false;
});

let id = Number(first);
while (running) {
  const started = Date.now();
  const ok = await sql`insert into drill_writes (id) values (${id})`
    .execute(db)
    .then(() => true)
    .catch(() => false);
  process.stdout.write(`${ok ? "ok" : "fail"} ${id} ${started} ${Date.now() - started}\n`);
  id++;
  await Bun.sleep(ok ? 20 : 200);
}
process.exit(0);
